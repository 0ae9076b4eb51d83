import type { GraphStore, RelationView } from '../graph/index.ts';
import type { Batch, EdgeSet } from '../tensor/batch.ts';
import type { Csr } from '../tensor/csr.ts';
import { mat, type Mat } from '../tensor/mat.ts';
import { isHomogeneous } from './full-graph.ts';
import { Words } from './words.ts';

/** One sample as the sampler builds it: per type its nodes (store indices, hop by hop), per relation its edges. */
export interface Expansion {
  /** Per type: store index of each local row. */
  readonly nodes: number[][];
  /** Per relation: source row of each edge, by destination row. */
  readonly col: number[][];
  /** Per relation: where each expanded destination row's edges start; rows past its end have none. */
  readonly ptr: number[][];
  /** Per target type, the local rows of its targets. */
  readonly targets: [string, number[]][];
  /** Per type: rows after the targets, then after each hop. */
  readonly hopRows: number[][];
}

/**
 * The sampled rows and edges as a Batch, every array a view of one buffer (Words). Edges come sorted by destination, so the CSR is the edge list itself: the same arrays
 * buildCsr's stable counting sort would produce, with eid the identity.
 */
export function assemble(
  store: GraphStore,
  types: string[],
  rels: RelationView[],
  relSrc: number[],
  relDst: number[],
  nodes: number[][],
  col: number[][],
  ptr: number[][],
  targets: [string, number[]][],
  hopRows: number[][],
): { batch: Batch; rows: Map<string, Int32Array> } {
  const widths = types.map((t) => store.nodes.get(t)!.features.width);
  let words = 0;
  for (let t = 0; t < types.length; t++) words += nodes[t].length * (widths[t] + 1);
  for (let r = 0; r < rels.length; r++) words += nodes[relDst[r]].length + 1 + 2 * col[r].length;
  for (const [, rows] of targets) words += rows.length;
  for (const h of hopRows) words += h.length;
  const w32 = new Words(words);
  const i32 = (n: number): Int32Array => w32.i32(n);
  const x = new Map<string, Mat>();
  const rows = new Map<string, Int32Array>();
  for (let t = 0; t < types.length; t++) {
    const list = nodes[t],
      w = widths[t];
    const data = w32.f32(list.length * w);
    const f = store.nodes.get(types[t])!.features;
    for (let r = 0; r < list.length; r++) f.read(list[r], data, r * w);
    x.set(types[t], mat(list.length, w, data));
    const idx = i32(list.length);
    for (let r = 0; r < list.length; r++) idx[r] = list[r];
    rows.set(types[t], idx);
  }
  const edges = new Map<string, EdgeSet>();
  for (let r = 0; r < rels.length; r++) {
    const numDst = nodes[relDst[r]].length,
      c = col[r],
      p = ptr[r],
      e = c.length;
    const rowptr = i32(numDst + 1),
      colA = i32(e),
      eid = i32(e);
    for (let i = 0; i <= numDst; i++) rowptr[i] = i < p.length ? p[i] : e;
    for (let k = 0; k < e; k++) {
      colA[k] = c[k];
      eid[k] = k;
    }
    const csr: Csr = { numSrc: nodes[relSrc[r]].length, numDst, numEdges: e, rowptr, col: colA, eid };
    const rel = rels[r];
    edges.set(rel.key, { key: rel.key, src: rel.srcType, rel: rel.key.split('__')[1], dst: rel.dstType, csr });
  }
  const targetRows = new Map<string, Int32Array>();
  for (const [type, list] of targets) {
    const v = i32(list.length);
    for (let k = 0; k < list.length; k++) v[k] = list[k];
    targetRows.set(type, v);
  }
  const hops = new Map<string, Int32Array>();
  for (let t = 0; t < types.length; t++) {
    const v = i32(hopRows[t].length);
    v.set(hopRows[t]);
    hops.set(types[t], v);
  }
  return { batch: { homogeneous: isHomogeneous(store), x, edges, targets: targetRows, hopRows: hops }, rows };
}
