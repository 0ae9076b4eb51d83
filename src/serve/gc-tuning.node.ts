import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';

/**
 * V8's collector, tuned for a scoring server's tail latency (weft serve; an embedder's process is
 * left as it is). Under 2,000 scores a second and 10k events a second on the 1M-account graph
 * (2 × Intel Xeon, 2 vCPUs, 3 Dec 2026) the main thread was ~82% busy, so every pause left a
 * backlog that took several times the pause to drain, and the late answers came in bursts:
 * - A full (mark-compact) collection every 2.5-4 s: 3-5 ms of pause plus ~10 ms of marking
 *   steps on the main thread. The live JS heap is small (~20 MB: the graph lives in typed
 *   arrays, outside it) and the old generation fills at ~2.5 MB/s (promoted requests,
 *   internalized ids from JSON bodies), so V8's default sizing collected every ~10 MB.
 *   `heapGrowthPercent` lets the heap grow that much past its live size before the next one
 *   (400: to 5×, 60-100 MB; a full collection every 25-30 s at that load).
 * - Scavenges of the young generation (every ~100 ms) that waited for their helper threads:
 *   with two cores shared by the load and the server's own threads a helper is often not
 *   running, and a scavenge of 0.1 MB took up to 6 ms. With two cores or fewer the main thread
 *   scavenges alone (p99 of scavenge pauses 3.6-4.7 ms before, 2.5 ms after).
 * Both together, ABBA over six 5 s loads each: p99 median 6.62 ms, max 9.44 before; median
 * 5.85, max 6.14 after.
 */
export interface GcTuning {
  /** How far past its live size the JS heap grows before a full collection, %; 0 leaves V8's own. */
  readonly heapGrowthPercent: number;
  readonly parallelScavenge: boolean;
}

export const DEFAULT_HEAP_GROWTH_PERCENT = 400;

export function gcTuning(heapGrowthPercent = DEFAULT_HEAP_GROWTH_PERCENT, cores = availableParallelism()): GcTuning {
  return { heapGrowthPercent, parallelScavenge: cores > 2 };
}

/** Set V8's flags for `t` (they are read at each collection); returns a line for the banner. */
export function applyGcTuning(t: GcTuning): string {
  if (t.heapGrowthPercent > 0) setFlagsFromString(`--heap-growing-percent=${t.heapGrowthPercent}`);
  if (!t.parallelScavenge) setFlagsFromString('--no-parallel-scavenge');
  const growth =
    t.heapGrowthPercent > 0
      ? `heap grows ${t.heapGrowthPercent}% past live before a full collection`
      : "V8's heap sizing";
  return `${growth}; scavenges ${t.parallelScavenge ? 'with helper threads' : 'on the main thread (2 cores or fewer)'}`;
}
