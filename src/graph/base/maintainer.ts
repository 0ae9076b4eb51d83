import { indexSlots, fillEvents, fillHash, fillIds, type SlotIndex, type HashFill } from './maintain-kernels.ts';
import type { WeightChunks } from './weight-order.ts';

/** A job's result: `take(false)` answers at once (undefined while it runs), `take(true)` waits for it; `cancel` drops it. */
export interface Pending<T> {
  take(wait: boolean): T | undefined;
  cancel(): void;
}

/**
 * Runs the store's bulk upkeep (maintain-kernels.ts) over its chunks. The chunks must not be
 * written below n while a job runs, except that an edge slot's time may change (refreshed,
 * deleted): the relation reconciles those when it installs the result.
 */
export interface Maintainer {
  /** Whether a chunk for a relation's edge table must be shared memory (jobs read it from another thread). */
  readonly shared: boolean;
  /** weights: a weighted relation's edge data (shared like the chunks), for the index's order by weight. */
  slotIndex(
    chunks: readonly Uint32Array[],
    n: number,
    near: number,
    numNodes: number,
    weights?: WeightChunks,
  ): Pending<SlotIndex>;
  hash(chunks: readonly Uint32Array[], n: number, size: number): Pending<HashFill>;
  ids(arena: readonly Uint8Array[], starts: readonly Uint32Array[], n: number, slots: number): Pending<Int32Array>;
  /** A new EventIds table (fillEvents) from `old`, which is not written while the job runs; `slots`: old's slots, for the inline threshold. */
  events(old: Uint32Array, slots: number): Pending<Uint32Array>;
}

export function ready<T>(v: T): Pending<T> {
  return { take: () => v, cancel: () => undefined };
}

/** Every job runs at once on the calling thread (browsers, tests, small stores). */
export const INLINE: Maintainer = {
  shared: false,
  slotIndex: (chunks, n, near, numNodes, weights) => ready(indexSlots(chunks, n, near, numNodes, weights)),
  hash: (chunks, n, size) => ready(fillHash(chunks, n, size)),
  ids: (arena, starts, n, slots) => ready(fillIds(arena, starts, n, slots)),
  events: (old) => ready(fillEvents(old)),
};
