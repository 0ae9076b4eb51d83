import { type Floats, freshFloats } from '../tensor/floats.ts';
import { mat, type Mat } from '../tensor/mat.ts';
import { activateInPlace } from '../runtime/act.ts';
import type { CpuGraph } from '../runtime/cpu-graph.ts';
import type { SpmmArgs } from '../runtime/ops.ts';

/**
 * out[i] = aggr_{slot k in row i} ew[k]·x[col[k]] — PyG's scatter(…, reduce) over edges sorted by
 * target. Empty rows give 0 for every aggr (PyG fills max's empty segments with 0). Features go
 * 4 at a time with the sums in locals across the row, so the row is read once per chunk and
 * nothing is written until it ends. Then + bias and act, as a conv's epilogue.
 */
export function spmmCpu({ g, x, aggr, ew, bias, act }: SpmmArgs<Mat, CpuGraph>, floats: Floats = freshFloats): Mat {
  const F = x.cols;
  if (ew && aggr !== 'sum') throw new Error(`spmm: edge weights are supported with aggr 'sum', got '${aggr}'`);
  if (bias && bias.rows * bias.cols !== F)
    throw new Error(`spmm: 'bias' has ${bias.rows * bias.cols} values, expected ${F} (one per column of x)`);
  const out = floats(g.numDst * F);
  const X = x.data,
    W = ew?.data;
  const { rowptr, col } = g;
  const max = aggr === 'max';
  for (let i = 0; i < g.numDst; i++) {
    const start = rowptr[i],
      end = rowptr[i + 1];
    if (start === end) continue;
    const scale = aggr === 'mean' ? 1 / (end - start) : 1;
    const o = i * F;
    let f = 0;
    for (; f + 4 <= F; f += 4) {
      let a0: number, a1: number, a2: number, a3: number;
      if (max) {
        const s0 = col[start] * F + f;
        a0 = X[s0];
        a1 = X[s0 + 1];
        a2 = X[s0 + 2];
        a3 = X[s0 + 3];
        for (let k = start + 1; k < end; k++) {
          const s = col[k] * F + f;
          if (X[s] > a0) a0 = X[s];
          if (X[s + 1] > a1) a1 = X[s + 1];
          if (X[s + 2] > a2) a2 = X[s + 2];
          if (X[s + 3] > a3) a3 = X[s + 3];
        }
      } else {
        a0 = 0;
        a1 = 0;
        a2 = 0;
        a3 = 0;
        for (let k = start; k < end; k++) {
          const s = col[k] * F + f;
          const w = W ? W[k] : 1;
          a0 += w * X[s];
          a1 += w * X[s + 1];
          a2 += w * X[s + 2];
          a3 += w * X[s + 3];
        }
      }
      out[o + f] = a0 * scale;
      out[o + f + 1] = a1 * scale;
      out[o + f + 2] = a2 * scale;
      out[o + f + 3] = a3 * scale;
    }
    for (; f < F; f++) {
      let a = max ? X[col[start] * F + f] : 0;
      for (let k = max ? start + 1 : start; k < end; k++) {
        const v = X[col[k] * F + f];
        if (max) {
          if (v > a) a = v;
        } else a += (W ? W[k] : 1) * v;
      }
      out[o + f] = a * scale;
    }
  }
  if (bias) for (let o = 0; o < out.length; o += F) for (let f = 0; f < F; f++) out[o + f] += bias.data[f];
  if (act) activateInPlace(out, act);
  return mat(g.numDst, F, out);
}
