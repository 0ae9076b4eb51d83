import type { Batch, EdgeSet } from '../tensor/batch.ts';
import { buildCsr } from '../tensor/csr.ts';
import { mat, type Mat } from '../tensor/mat.ts';

/** A node of a batch: its type and row. */
export interface NodeRef {
  readonly type: string;
  readonly row: number;
}

export interface Occlusion {
  /** Copy 0 is the batch as given; copy k (1..K) has `masked[k - 1]` cut off (every edge touching it removed). */
  readonly batch: Batch;
  readonly masked: readonly NodeRef[];
}

/**
 * Occlusion, batched: one disjoint copy of `batch` per neighbour of `target`, that neighbour cut
 * off, plus the batch itself, side by side in one Batch whose targets are the target's row in
 * each copy; one run scores every variant. A node reaches the target only through edges, so
 * cutting its edges is removing it: a variant's score is the score without that neighbour.
 * Hop order is not kept (the copies interleave hops), so the run computes every row.
 */
export function occlusion(batch: Batch, target: NodeRef, limit = Number.POSITIVE_INFINITY): Occlusion {
  const masked: NodeRef[] = [];
  for (const [type, x] of batch.x)
    for (let r = 0; r < x.rows && masked.length < limit; r++)
      if (type !== target.type || r !== target.row) masked.push({ type, row: r });
  const copies = masked.length + 1;
  const x = new Map<string, Mat>();
  for (const [type, m] of batch.x) {
    const out = new Float32Array(m.data.length * copies);
    for (let c = 0; c < copies; c++) out.set(m.data, c * m.data.length);
    x.set(type, mat(m.rows * copies, m.cols, out));
  }
  const edges = new Map<string, EdgeSet>();
  for (const [key, e] of batch.edges) edges.set(key, copyEdges(batch, e, masked));
  const rows = batch.x.get(target.type)!.rows;
  const targets = new Map([[target.type, Int32Array.from({ length: copies }, (_, c) => c * rows + target.row)]]);
  return { batch: { homogeneous: batch.homogeneous, x, edges, targets }, masked };
}

/** One relation's edges in every copy, rows offset per copy, those touching the copy's masked node left out. */
function copyEdges(batch: Batch, e: EdgeSet, masked: readonly NodeRef[]): EdgeSet {
  const { csr } = e;
  const srcRows = batch.x.get(e.src)!.rows;
  const dstRows = batch.x.get(e.dst)!.rows;
  const src: number[] = [];
  const dst: number[] = [];
  const from: number[] = [];
  for (let c = 0; c <= masked.length; c++) {
    const m = c === 0 ? undefined : masked[c - 1];
    const cutSrc = m?.type === e.src ? m.row : -1;
    const cutDst = m?.type === e.dst ? m.row : -1;
    for (let i = 0; i < csr.numDst; i++) {
      if (i === cutDst) continue;
      for (let k = csr.rowptr[i]; k < csr.rowptr[i + 1]; k++) {
        const j = csr.col[k];
        if (j === cutSrc || csr.eid[k] >= csr.numEdges) continue;
        src.push(c * srcRows + j);
        dst.push(c * dstRows + i);
        from.push(csr.eid[k]);
      }
    }
  }
  const copies = masked.length + 1;
  const out: { -readonly [K in keyof EdgeSet]: EdgeSet[K] } = {
    key: e.key,
    src: e.src,
    rel: e.rel,
    dst: e.dst,
    csr: buildCsr(Int32Array.from(src), Int32Array.from(dst), srcRows * copies, dstRows * copies),
  };
  if (e.edgeAttr) {
    const d = e.edgeAttr.cols;
    const a = new Float32Array(from.length * d);
    for (let n = 0; n < from.length; n++) a.set(e.edgeAttr.data.subarray(from[n] * d, (from[n] + 1) * d), n * d);
    out.edgeAttr = mat(from.length, d, a);
  }
  if (e.edgeWeight) out.edgeWeight = Float32Array.from(from, (f) => e.edgeWeight![f]);
  if (e.edgeType) out.edgeType = Int32Array.from(from, (f) => e.edgeType![f]);
  return out;
}
