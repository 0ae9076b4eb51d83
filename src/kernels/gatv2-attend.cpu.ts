import { type Floats, freshFloats } from '../tensor/floats.ts';
import { mat, type Mat } from '../tensor/mat.ts';
import type { CpuGraph } from '../runtime/cpu-graph.ts';
import type { Gatv2AttendArgs } from '../runtime/ops.ts';
import { maxRow, softmaxAggregateRow } from '../runtime/softmax-row.ts';

/**
 * GATv2Conv (nn/conv/gatv2_conv.py): e_k = Σ_c att[h,c]·leaky_relu(xl[col_k] + xr[i] + eproj[eid_k])[h,c];
 * α = softmax over the row (max subtracted, +1e-16); out_i = Σ α_k xl[col_k] (or `messages` in xl's place).
 */
export function gatv2AttendCpu(
  { g, xl, xr, att, eproj, messages = xl, heads, slope }: Gatv2AttendArgs<Mat, CpuGraph>,
  floats: Floats = freshFloats,
): Mat {
  const H = heads,
    HC = xl.cols,
    C = HC / H;
  const { rowptr, col, eid } = g;
  const MC = messages.cols / H;
  const out = floats(g.numDst * messages.cols);
  const e = floats(Math.max(1, maxRow(rowptr)));
  for (let i = 0; i < g.numDst; i++) {
    const start = rowptr[i],
      len = rowptr[i + 1] - start;
    if (len === 0) continue;
    for (let h = 0; h < H; h++) {
      let max = -Infinity;
      for (let t = 0; t < len; t++) {
        const k = start + t;
        const s = col[k] * HC + h * C,
          d = i * HC + h * C,
          q = eid[k] * HC + h * C;
        let v = 0;
        for (let c = 0; c < C; c++) {
          let z = xl.data[s + c] + xr.data[d + c];
          if (eproj) z += eproj.data[q + c];
          v += att.data[h * C + c] * (z > 0 ? z : z * slope);
        }
        e[t] = v;
        if (v > max) max = v;
      }
      softmaxAggregateRow(
        e,
        len,
        max,
        col,
        start,
        messages.data,
        messages.cols,
        h * MC,
        MC,
        out,
        i * messages.cols + h * MC,
      );
    }
  }
  return mat(g.numDst, messages.cols, out);
}
