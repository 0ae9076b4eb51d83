// Worker thread of the server bench: the load's pacer. It sleeps in Atomics.wait until each arrival
// of the seeded Poisson schedule is due and posts the arrivals' scheduled times (in the main
// thread's clock) for the main thread to send. The main thread's timers have a 1 ms grain, and
// spinning on setImmediate for the sub-millisecond rest took half a core from the server it measures.
import { parentPort, workerData } from 'node:worker_threads';
import { lcg } from './graph-events.ts';

/** ctl: Int32 [stop, go], then a Float64 at byte 8: the schedule's start, main-thread clock. */
const w = workerData as { rate: number; seed: number; endMs: number; origin: number; ctl: SharedArrayBuffer };
const flags = new Int32Array(w.ctl, 0, 2);
const t0 = new Float64Array(w.ctl, 8, 1);
const u = lcg(w.seed);
const gap = () => -Math.log(1 - u()) * (1000 / w.rate);
// The two threads' performance.now() differ by the difference of their time origins.
const shift = performance.timeOrigin - w.origin;
const mainNow = () => performance.now() + shift;

parentPort!.postMessage('ready');
Atomics.wait(flags, 1, 0);
const end = t0[0] + w.endMs;
let at = t0[0] + gap();
while (Atomics.load(flags, 0) === 0 && at < end) {
  const wait = at - mainNow();
  // Woken early (stop) or late (the OS), the loop looks again.
  if (wait > 0) Atomics.wait(flags, 0, 0, wait);
  else {
    const due: number[] = [];
    for (const now = mainNow(); at <= now && at < end; at += gap()) due.push(at);
    parentPort!.postMessage(due);
  }
}
parentPort!.postMessage('done');
