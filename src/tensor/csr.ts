/**
 * CSR by destination (PyG's `adj_t`): row i lists the edges j -> i. `eid` maps each CSR slot to
 * the original edge index, so edge features stay in file order and are read through it.
 * Synthetic self loops get eid = numEdges + i (i = the node), an index into a tail of per-node values.
 */
export interface Csr {
  readonly numSrc: number;
  readonly numDst: number;
  /** Edges in the original edge list (synthetic loops have eid >= numEdges). */
  readonly numEdges: number;
  readonly rowptr: Int32Array;
  readonly col: Int32Array;
  readonly eid: Int32Array;
}

/** Stable counting sort by destination: within a row, edges keep their original order (as PyG's scatter sums them). */
export function buildCsr(src: Int32Array, dst: Int32Array, numSrc: number, numDst: number): Csr {
  const e = src.length;
  const rowptr = new Int32Array(numDst + 1);
  for (let k = 0; k < e; k++) rowptr[dst[k] + 1]++;
  for (let i = 0; i < numDst; i++) rowptr[i + 1] += rowptr[i];
  const next = rowptr.slice(0, numDst);
  const col = new Int32Array(e);
  const eid = new Int32Array(e);
  for (let k = 0; k < e; k++) {
    const at = next[dst[k]]++;
    col[at] = src[k];
    eid[at] = k;
  }
  return { numSrc, numDst, numEdges: e, rowptr, col, eid };
}

/** Keep only the edges for which keep(eid) holds; eids are unchanged. */
export function filterCsr(csr: Csr, keep: (eid: number, src: number, dst: number) => boolean): Csr {
  const rowptr = new Int32Array(csr.numDst + 1);
  const col: number[] = [];
  const eid: number[] = [];
  for (let i = 0; i < csr.numDst; i++) {
    for (let k = csr.rowptr[i]; k < csr.rowptr[i + 1]; k++) {
      if (keep(csr.eid[k], csr.col[k], i)) {
        col.push(csr.col[k]);
        eid.push(csr.eid[k]);
      }
    }
    rowptr[i + 1] = col.length;
  }
  return { ...csr, rowptr, col: Int32Array.from(col), eid: Int32Array.from(eid) };
}

/**
 * Remove every self loop and append one per node at the end of its row (where PyG's
 * torch.cat puts it). 'replace' (GAT's remove_self_loops + add_self_loops): every loop is
 * synthetic. 'remaining' (GCN's add_remaining_self_loops): a node that had a loop keeps the
 * last such edge's eid (PyG's `loop_attr[...] = edge_attr[inv_mask]`, last write wins).
 */
export function withSelfLoops(csr: Csr, mode: 'replace' | 'remaining'): Csr {
  // PyG adds loops only for nodes that exist on both sides: min(num_src, num_dst).
  const loopsFor = Math.min(csr.numSrc, csr.numDst);
  const n = csr.numDst;
  const col: number[] = [];
  const eid: number[] = [];
  const rowptr = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    let lastLoop = -1;
    for (let k = csr.rowptr[i]; k < csr.rowptr[i + 1]; k++) {
      if (csr.col[k] === i) {
        if (csr.eid[k] > lastLoop) lastLoop = csr.eid[k];
        continue;
      }
      col.push(csr.col[k]);
      eid.push(csr.eid[k]);
    }
    if (i < loopsFor) {
      col.push(i);
      eid.push(mode === 'remaining' && lastLoop >= 0 ? lastLoop : csr.numEdges + i);
    }
    rowptr[i + 1] = col.length;
  }
  return { ...csr, rowptr, col: Int32Array.from(col), eid: Int32Array.from(eid) };
}

/** The same rows, with `col` replaced by `eid`: aggregating over it reduces edge-valued rows per destination. */
export function edgeRowsCsr(csr: Csr): Csr {
  return { ...csr, numSrc: csr.numEdges, col: csr.eid };
}
