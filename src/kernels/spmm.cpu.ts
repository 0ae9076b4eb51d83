import { mat, type Mat } from '../tensor/mat.ts';
import type { CpuGraph } from './cpu-graph.ts';
import type { SpmmArgs } from './ops.ts';

/**
 * out[i] = aggr_{slot k in row i} ew[k]·x[col[k]] — PyG's scatter(…, reduce) over edges sorted by
 * target. Empty rows give 0 for every aggr (PyG fills max's empty segments with 0).
 */
export function spmmCpu({ g, x, aggr, ew }: SpmmArgs<Mat, CpuGraph>): Mat {
  const F = x.cols;
  if (ew && aggr !== 'sum') throw new Error(`spmm: edge weights are supported with aggr 'sum', got '${aggr}'`);
  const out = new Float32Array(g.numDst * F);
  const X = x.data, W = ew?.data;
  const { rowptr, col } = g;
  for (let i = 0; i < g.numDst; i++) {
    const start = rowptr[i], end = rowptr[i + 1];
    if (start === end) continue;
    const o = i * F;
    if (aggr === 'max') {
      out.set(X.subarray(col[start] * F, col[start] * F + F), o);
      for (let k = start + 1; k < end; k++) {
        const s = col[k] * F;
        for (let f = 0; f < F; f++) if (X[s + f] > out[o + f]) out[o + f] = X[s + f];
      }
      continue;
    }
    for (let k = start; k < end; k++) {
      const s = col[k] * F;
      if (W) {
        const w = W[k];
        for (let f = 0; f < F; f++) out[o + f] += w * X[s + f];
      } else {
        for (let f = 0; f < F; f++) out[o + f] += X[s + f];
      }
    }
    if (aggr === 'mean') {
      const inv = end - start;
      for (let f = 0; f < F; f++) out[o + f] /= inv;
    }
  }
  return mat(g.numDst, F, out);
}
