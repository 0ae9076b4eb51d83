import { CHUNK, CHUNK_BITS } from './columns.ts';

const MASK = CHUNK - 1;

/** A weighted relation's edge data as a merge job reads it: EdgeData's chunks, `words` f32 per slot, word 0 the weight. */
export interface WeightChunks {
  readonly chunks: readonly Float32Array[];
  readonly words: number;
}

/**
 * Each CSR row's slots (ptr/eid, as indexSlots builds them) heaviest first, as a column beside
 * eid: 'top' sampling walks a row in this order and stops once it has its k (and their ties),
 * instead of reading every in-edge of a hub. Equal weights stay in slot order: 'top' breaks ties
 * by stored time when it reads them, since a re-add may refresh a time after the merge.
 */
export function orderByWeight(ptr: Int32Array, eid: Int32Array, w: WeightChunks): Int32Array {
  const top = eid.slice(),
    { chunks, words } = w;
  const weight = (e: number): number => chunks[e >>> CHUNK_BITS][(e & MASK) * words];
  const heavier = (a: number, b: number): number => weight(b) - weight(a) || a - b;
  for (let v = 0; v + 1 < ptr.length; v++) {
    const a = ptr[v],
      b = ptr[v + 1];
    if (b - a > 1) top.subarray(a, b).sort(heavier);
  }
  return top;
}
