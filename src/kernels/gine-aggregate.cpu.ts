import { type Floats, freshFloats } from '../tensor/floats.ts';
import { mat, type Mat } from '../tensor/mat.ts';
import type { CpuGraph } from '../runtime/cpu-graph.ts';
import type { GineArgs } from '../runtime/ops.ts';

/** GINEConv's aggregation (nn/conv/gin_conv.py): out_i = Σ_k relu(x[col_k] + e[eid_k]). */
export function gineAggregateCpu({ g, x, e }: GineArgs<Mat, CpuGraph>, floats: Floats = freshFloats): Mat {
  const F = x.cols;
  if (e.cols !== F)
    throw new Error(`gineAggregate: edge features have ${e.cols} columns, expected ${F} (node feature width)`);
  const { rowptr, col, eid } = g;
  const out = floats(g.numDst * F);
  for (let i = 0; i < g.numDst; i++) {
    const o = i * F;
    for (let k = rowptr[i]; k < rowptr[i + 1]; k++) {
      const s = col[k] * F,
        q = eid[k] * F;
      for (let f = 0; f < F; f++) {
        const v = x.data[s + f] + e.data[q + f];
        if (v > 0) out[o + f] += v;
      }
    }
  }
  return mat(g.numDst, F, out);
}
