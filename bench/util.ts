// Shared by benchmarks: tinybench timing with p50/p99, and the machine line every table starts with.
import { cpus } from 'node:os';
import { Bench } from 'tinybench';

export interface Timing {
  p50: number;
  p99: number;
  samples: number;
}

/** Time an async function: `warmups` runs first, then at least `iterations` runs or `timeMs`, whichever is longer. */
export async function timeIt(
  name: string,
  fn: () => Promise<unknown> | unknown,
  timeMs = 1000,
  iterations = 20,
  warmups = 5,
): Promise<Timing> {
  const bench = new Bench({ time: timeMs, iterations, warmup: true, warmupIterations: warmups, throws: true });
  bench.add(name, fn);
  await bench.run();
  const r = bench.tasks[0].result;
  if (r.state !== 'completed')
    throw new Error(`${name}: benchmark ${r.state}${'error' in r ? `: ${(r as { error: Error }).error.message}` : ''}`);
  return { p50: r.latency.p50, p99: r.latency.p99, samples: r.latency.samplesCount };
}

export function machine(): string {
  const c = cpus();
  return `${c.length} × ${c[0]?.model ?? 'unknown CPU'}, node ${process.versions.node}`;
}

export function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map((v) => (typeof v === 'number' ? v.toFixed(3) : v)))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => String(r[i]).length)));
  const line = (r: (string | number)[]) => r.map((v, i) => String(v).padEnd(widths[i])).join('  ');
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}
