// The main-thread side of the server bench's pacer (server-arrival-producer.ts): starts the worker,
// fires each arrival it posts, and stops it when the load's time is up or its task settles.
import { tsWorker } from '../src/graph/index.node.ts';

/**
 * Calls `fire(i, scheduled)` for each arrival of a seeded Poisson schedule at `rate` a second, on
 * time within the OS's wake-up latency, for `until` ms or until the task `until` starts (with the
 * schedule) settles; resolves with the schedule's length in seconds.
 */
export async function pace(
  rate: number,
  seed: number,
  until: number | (() => Promise<unknown>),
  fire: (i: number, scheduled: number) => void,
): Promise<number> {
  const ctl = new SharedArrayBuffer(16);
  const flags = new Int32Array(ctl, 0, 2);
  const t0 = new Float64Array(ctl, 8, 1);
  const endMs = typeof until === 'number' ? until : Number.POSITIVE_INFINITY;
  const worker = tsWorker(new URL('./server-arrival-producer.ts', import.meta.url), {
    workerData: { rate, seed, endMs, origin: performance.timeOrigin, ctl },
  });
  const stop = () => {
    Atomics.store(flags, 0, 1);
    Atomics.notify(flags, 0);
  };
  let i = 0;
  await new Promise<void>((done, fail) => {
    worker.on('error', fail);
    worker.on('message', (m: 'ready' | 'done' | number[]) => {
      if (m === 'done') return done();
      if (m !== 'ready') for (const at of m) fire(i++, at);
      else {
        // The schedule starts once the worker is up (loading it takes a moment).
        t0[0] = performance.now() + 1;
        Atomics.store(flags, 1, 1);
        Atomics.notify(flags, 1);
        if (typeof until !== 'number') void until().then(stop, stop);
      }
    });
  });
  await worker.terminate();
  return typeof until === 'number' ? until / 1000 : (performance.now() - t0[0]) / 1000;
}
