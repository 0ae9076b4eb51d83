// Open-loop load: arrivals on a Poisson schedule fixed in advance, each request's latency taken
// from its scheduled time (so a stalled server is charged for the requests it kept waiting: no
// coordinated omission), into a microsecond histogram; GC time from V8's own entries.
import { PerformanceObserver } from 'node:perf_hooks';
import { Histogram } from './histogram.ts';
import { lcg } from './graph-events.ts';

export interface LoadResult {
  readonly rate: number;
  readonly offered: number;
  readonly scored: number;
  /** Refusals by ScoreError code (overloaded, deadline), and other failures as 'error'. */
  readonly refused: Record<string, number>;
  readonly hist: Histogram;
  readonly gcMs: number;
  readonly seconds: number;
  /** Mean targets per run the scored requests rode in. */
  readonly meanBatchTargets: number;
  readonly backends: Record<string, number>;
}

interface Answer {
  readonly backend: string;
  readonly batch: { readonly targets: number };
}

export async function openLoop(
  rate: number,
  durationMs: number,
  call: (i: number) => Promise<Answer>,
  seed = 1,
): Promise<LoadResult> {
  const u = lcg(seed);
  const at: number[] = [];
  for (let t = -Math.log(1 - u()) * (1000 / rate); t < durationMs; t += -Math.log(1 - u()) * (1000 / rate)) at.push(t);
  const hist = new Histogram();
  const refused: Record<string, number> = {};
  const backends: Record<string, number> = {};
  let scored = 0,
    batchTargets = 0,
    gcMs = 0;
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcMs += e.duration;
  });
  obs.observe({ entryTypes: ['gc'] });
  // Answers are counted, not kept: holding every request's promise would make the harness's own
  // garbage survive into the scorer's collections.
  let outstanding = 0;
  let drained: () => void = () => {};
  const settle = () => {
    if (--outstanding === 0) drained();
  };
  const t0 = performance.now() + 2;
  const fire = (i: number) => {
    const scheduled = t0 + at[i];
    outstanding++;
    call(i).then(
      (a) => {
        hist.record((performance.now() - scheduled) * 1000);
        scored++;
        batchTargets += a.batch.targets;
        backends[a.backend] = (backends[a.backend] ?? 0) + 1;
        settle();
      },
      (e: { code?: string }) => {
        const code = e.code ?? 'error';
        refused[code] = (refused[code] ?? 0) + 1;
        settle();
      },
    );
  };
  await new Promise<void>((done) => {
    let next = 0;
    const tick = () => {
      const now = performance.now();
      while (next < at.length && t0 + at[next] <= now) fire(next++);
      if (next >= at.length) return done();
      const wait = t0 + at[next] - performance.now();
      if (wait > 2) setTimeout(tick, wait - 1);
      else setImmediate(tick);
    };
    tick();
  });
  if (outstanding > 0)
    await new Promise<void>((r) => {
      drained = r;
    });
  obs.disconnect();
  return {
    rate,
    offered: at.length,
    scored,
    refused,
    hist,
    gcMs,
    seconds: (performance.now() - t0) / 1000,
    meanBatchTargets: scored > 0 ? batchTargets / scored : 0,
    backends,
  };
}
