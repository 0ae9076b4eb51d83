// Shared by benchmarks: timing by tinybench with percentiles by nearest rank, the machine line, and
// Markdown tables (what every suite prints is what the README shows).
import { cpus } from 'node:os';
import { Bench } from 'tinybench';

export interface Timing {
  p50: number;
  p99: number;
  /** Timed runs, warm-ups not counted. */
  samples: number;
}

/** The smallest sample with at least p of them at or below it (nearest rank); `sorted` ascending. */
export function nearestRank(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length))) - 1];
}

/**
 * Time an async function: `warmups` runs first (none when 0), then at least `iterations` runs and at
 * least `timeMs`. Percentiles by nearest rank over the kept samples: tinybench's own interpolate,
 * which on 3 runs reports a p99 no run took.
 */
export async function timeIt(
  name: string,
  fn: () => Promise<unknown> | unknown,
  timeMs = 1000,
  iterations = 20,
  warmups = 5,
): Promise<Timing> {
  const bench = new Bench({
    time: timeMs,
    iterations,
    warmup: warmups > 0,
    warmupIterations: warmups,
    warmupTime: 0,
    throws: true,
    retainSamples: true,
  });
  bench.add(name, fn);
  await bench.run();
  const r = bench.tasks[0].result;
  if (r.state !== 'completed')
    throw new Error(`${name}: benchmark ${r.state}${'error' in r ? `: ${(r as { error: Error }).error.message}` : ''}`);
  const s = Float64Array.from(r.latency.samples ?? []).sort();
  return { p50: nearestRank(s, 0.5), p99: nearestRank(s, 0.99), samples: s.length };
}

export function machine(): string {
  const c = cpus();
  return `${c.length} × ${c[0]?.model ?? 'unknown CPU'}, node ${process.versions.node}`;
}

/** A Markdown table, columns padded so it also reads in a terminal; numbers to three decimals. */
export function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map((v) => (typeof v === 'number' ? v.toFixed(3) : v)))];
  const widths = header.map((_, i) => Math.max(3, ...cells.map((r) => String(r[i] ?? '').length)));
  const line = (r: (string | number)[]) => `| ${widths.map((w, i) => String(r[i] ?? '').padEnd(w)).join(' | ')} |`;
  return [line(cells[0]), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...cells.slice(1).map(line)].join(
    '\n',
  );
}
