// The time of one kernel launch, by difference: 2R launches then a finish that waits for them, minus
// R launches and the same finish, over R. The submit, the readback's round trip and the map wait
// are in both terms and cancel, so what is left is the kernels' own time on the adapter, queued
// back to back as a model's run queues them. Kernels and their ceilings are timed by this one
// function, so a fraction of a ceiling compares like with like.
import { nearestRank } from './util.ts';

/** One trial's work: inputs made when it is built, `close` frees them. */
export interface Launcher {
  launch(): void;
  /** Submits what was launched and resolves once the adapter has finished it (a small readback). */
  finish(): Promise<void>;
  close(): void;
}

export interface LaunchTiming {
  /** Median over the trials, ms per launch. */
  readonly ms: number;
  readonly trials: number;
  readonly reps: number;
  /** Every launch made, warm-ups included. */
  readonly launches: number;
}

/**
 * A warm-up trial, then `trials` timed ones, each on a launcher of its own. The warm-up doubles R
 * from 1 until R launches and their finish take `budgetMs` (R at most 64), and lets the device's
 * MapWait learn how long R and 2R launches take, as it has learnt a model's runs in a steady state
 * (until it has, a read's map is polled from the submit on, which takes a core from SwiftShader).
 */
export async function timeLaunches(open: () => Launcher, trials: number, budgetMs: number): Promise<LaunchTiming> {
  const per: number[] = [];
  let reps = 1,
    launches = 0;
  const warm = open();
  try {
    await timed(warm, 1);
    launches++;
    while (reps < MAX_REPS && (await timed(warm, reps)) < budgetMs) {
      launches += reps;
      reps *= 2;
    }
    // The MapWait learns each submit shape (its kernels, so its launch count) apart: 2R's too.
    await timed(warm, 2 * reps);
    launches += 3 * reps;
  } finally {
    warm.close();
  }
  for (let t = 0; t < trials; t++) {
    const l = open();
    try {
      // One launch first: the trial's inputs are uploaded with its first submit.
      await timed(l, 1);
      const once = await timed(l, reps);
      const twice = await timed(l, 2 * reps);
      launches += 1 + 3 * reps;
      // Noise can make the difference negative on tiny kernels: a floor of 1 µs keeps rates finite.
      per.push(Math.max(1e-3, (twice - once) / reps));
    } finally {
      l.close();
    }
  }
  per.sort((a, b) => a - b);
  return { ms: nearestRank(per, 0.5), trials, reps, launches };
}

const MAX_REPS = 64;

async function timed(l: Launcher, n: number): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) l.launch();
  await l.finish();
  return performance.now() - t0;
}
