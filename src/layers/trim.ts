import type { EdgeSet } from '../tensor/batch.ts';
import { memo } from '../util/memo.ts';
import type { Ctx, T } from './layer.ts';

/** Per relation, per source row count, per destination row count: numbers as keys, no key string per call. */
const trimmed = new WeakMap<EdgeSet, Map<number, Map<number, EdgeSet>>>();
let iota = new Int32Array(0);

/**
 * A relation cut to its first `numDst` destination rows, read from the first `numSrc` source rows
 * (PyG's trim_to_layer). In a batch in hop order the rows a layer still computes are a prefix of
 * each type, and their in-edges come from nodes one hop further out, a prefix too; that is
 * checked once per batch and layer. Edge ids are kept, so edge data is still read by eid.
 */
export function trimEdges(edges: EdgeSet, numSrc: number, numDst: number): EdgeSet {
  const c = edges.csr;
  if (numDst === c.numDst && numSrc === c.numSrc) return edges;
  const bySrc = memo(trimmed, edges, () => new Map<number, Map<number, EdgeSet>>());
  return memo(
    memo(bySrc, numSrc, () => new Map<number, EdgeSet>()),
    numDst,
    () => {
      const nnz = c.rowptr[numDst];
      const col = c.col.subarray(0, nnz);
      for (let k = 0; k < nnz; k++)
        if (col[k] >= numSrc)
          throw new Error(
            `relation '${edges.key}': trimming to ${numDst} rows reads source row ${col[k]}, past ${numSrc} (the batch is not in hop order)`,
          );
      const csr = { ...c, numSrc, numDst, rowptr: c.rowptr.subarray(0, numDst + 1), col, eid: c.eid.subarray(0, nnz) };
      return { ...edges, csr };
    },
  );
}

/** The first `n` rows of x (x itself when it has no more). */
export function firstRows(ctx: Ctx, x: T, n: number): T {
  if (n >= x.rows) return x;
  if (iota.length < n) iota = Int32Array.from({ length: Math.max(n, iota.length * 2) }, (_, i) => i);
  return ctx.s.gatherRows({ x, idx: iota.subarray(0, n) });
}
