import type { EdgeSet } from '../tensor/batch.ts';
import type { Ctx, T } from './layer.ts';

let iota = new Int32Array(0);

/**
 * A relation cut to its first `numDst` destination rows, read from the first `numSrc` source rows
 * (PyG's trim_to_layer). In a batch in hop order the rows a layer still computes are a prefix of
 * each type, and their in-edges come from nodes one hop further out, a prefix too; that is
 * checked. Edge ids are kept, so edge data is still read by eid. Not cached: each layer cuts each
 * relation once, and a global cache keyed by every request's edges made every scavenge walk it.
 */
export function trimEdges(edges: EdgeSet, numSrc: number, numDst: number): EdgeSet {
  const c = edges.csr;
  if (numDst === c.numDst && numSrc === c.numSrc) return edges;
  const nnz = c.rowptr[numDst];
  const col = c.col.subarray(0, nnz);
  for (let k = 0; k < nnz; k++)
    if (col[k] >= numSrc)
      throw new Error(
        `relation '${edges.key}': trimming to ${numDst} rows reads source row ${col[k]}, past ${numSrc} (the batch is not in hop order)`,
      );
  const csr = { ...c, numSrc, numDst, rowptr: c.rowptr.subarray(0, numDst + 1), col, eid: c.eid.subarray(0, nnz) };
  return { ...edges, csr };
}

/** The first `n` rows of x (x itself when it has no more). */
export function firstRows(ctx: Ctx, x: T, n: number): T {
  if (n >= x.rows) return x;
  if (iota.length < n) iota = Int32Array.from({ length: Math.max(n, iota.length * 2) }, (_, i) => i);
  return ctx.s.gatherRows({ x, idx: iota.subarray(0, n) });
}
