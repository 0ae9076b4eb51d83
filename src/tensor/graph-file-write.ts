import type { Batch } from './batch.ts';
import type { Tensor } from './safetensors.ts';

/**
 * A Batch in the fixtures' layout (graphFromSafetensors reads it back): features per node type,
 * and per relation its edges in CSR order with their attributes and weights. CSR order, so the
 * graph read back has the same CSR, slot for slot, and sums in the same order: the same scores.
 */
export function graphToSafetensors(batch: Batch): Map<string, Tensor> {
  const out = new Map<string, Tensor>();
  const suffix = (s: string) => (batch.homogeneous ? '' : `.${s}`);
  for (const [t, x] of batch.x) out.set(`x${suffix(t)}`, { dtype: 'F32', shape: [x.rows, x.cols], data: x.data });
  for (const [key, e] of batch.edges) {
    const { csr } = e;
    const n = csr.rowptr[csr.numDst];
    const index = new Int32Array(2 * n);
    for (let i = 0; i < csr.numDst; i++)
      for (let k = csr.rowptr[i]; k < csr.rowptr[i + 1]; k++) {
        index[k] = csr.col[k];
        index[n + k] = i;
      }
    out.set(`edge_index${suffix(key)}`, { dtype: 'I32', shape: [2, n], data: index });
    if (e.edgeAttr) {
      const d = e.edgeAttr.cols;
      const a = new Float32Array(n * d);
      for (let k = 0; k < n; k++) a.set(e.edgeAttr.data.subarray(csr.eid[k] * d, (csr.eid[k] + 1) * d), k * d);
      out.set(`edge_attr${suffix(key)}`, { dtype: 'F32', shape: [n, d], data: a });
    }
    if (e.edgeWeight) {
      const w = e.edgeWeight;
      out.set(`edge_weight${suffix(key)}`, {
        dtype: 'F32',
        shape: [n],
        data: Float32Array.from(csr.eid.subarray(0, n), (id) => w[id]),
      });
    }
    if (e.edgeType) {
      const ty = e.edgeType;
      out.set(`edge_type${suffix(key)}`, {
        dtype: 'I32',
        shape: [n],
        data: Int32Array.from(csr.eid.subarray(0, n), (id) => ty[id]),
      });
    }
  }
  return out;
}
