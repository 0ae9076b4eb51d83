import { type Floats, freshFloats } from '../tensor/floats.ts';
import { mat, type Mat } from '../tensor/mat.ts';
import type { CpuGraph } from '../runtime/cpu-graph.ts';
import type { GatAttendArgs } from '../runtime/ops.ts';
import { maxRow, softmaxAggregateRow } from '../runtime/softmax-row.ts';

/**
 * GATConv's message passing for one destination row and head:
 * e_k = leaky_relu(aSrc[col_k] + aDst[i] + aEdge[eid_k]); α = softmax over the row
 * (PyG utils/_softmax.py: subtract the row max, add 1e-16 to the sum); out_i = Σ α_k x[col_k].
 */
export function gatAttendCpu(
  { g, x, aSrc, aDst, aEdge, heads, slope }: GatAttendArgs<Mat, CpuGraph>,
  floats: Floats = freshFloats,
): Mat {
  const H = heads,
    HC = x.cols,
    C = HC / H;
  const { rowptr, col, eid } = g;
  const out = floats(g.numDst * HC);
  const e = floats(Math.max(1, maxRow(rowptr)));
  for (let i = 0; i < g.numDst; i++) {
    const start = rowptr[i],
      len = rowptr[i + 1] - start;
    if (len === 0) continue;
    for (let h = 0; h < H; h++) {
      let max = -Infinity;
      for (let t = 0; t < len; t++) {
        const k = start + t;
        let v = aSrc.data[col[k] * H + h] + aDst.data[i * H + h];
        if (aEdge) v += aEdge.data[eid[k] * H + h];
        v = v > 0 ? v : v * slope;
        e[t] = v;
        if (v > max) max = v;
      }
      softmaxAggregateRow(e, len, max, col, start, x.data, HC, h * C, C, out, i * HC + h * C);
    }
  }
  return mat(g.numDst, HC, out);
}
