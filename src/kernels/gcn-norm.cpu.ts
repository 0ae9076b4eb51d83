import { type Floats, freshFloats } from '../tensor/floats.ts';
import { mat, type Mat } from '../tensor/mat.ts';
import type { CpuGraph } from '../runtime/cpu-graph.ts';
import type { GcnNormArgs } from '../runtime/ops.ts';

/**
 * PyG gcn_norm (nn/conv/gcn_conv.py) on a CSR that already holds its self loops:
 * deg_i = Σ_{k in row i} w_k; norm_k = deg^-1/2[col_k] · w_k · deg^-1/2[i], inf → 0.
 */
export function gcnNormCpu({ g, ew, fill }: GcnNormArgs<Mat, CpuGraph>, floats: Floats = freshFloats): Mat {
  const { rowptr, col, eid, numEdges } = g;
  const w = floats(g.nnz);
  for (let k = 0; k < g.nnz; k++) w[k] = eid[k] >= numEdges ? fill : ew ? ew.data[eid[k]] : 1;
  const dinv = floats(g.numDst);
  for (let i = 0; i < g.numDst; i++) {
    let d = 0;
    for (let k = rowptr[i]; k < rowptr[i + 1]; k++) d += w[k];
    const v = 1 / Math.sqrt(d);
    dinv[i] = v === Infinity ? 0 : v; // PyG masks only inf; a negative degree stays NaN
  }
  const out = floats(g.nnz);
  for (let i = 0; i < g.numDst; i++) {
    for (let k = rowptr[i]; k < rowptr[i + 1]; k++) out[k] = dinv[col[k]] * w[k] * dinv[i];
  }
  return mat(g.nnz, 1, out);
}
