import type { GraphStore, RelationView } from '../graph/index.ts';
import type { Batch, EdgeSet } from '../tensor/batch.ts';
import type { Csr } from '../tensor/csr.ts';
import { mat, type Mat } from '../tensor/mat.ts';
import { EdgeColumns } from './edge-columns.ts';
import { isHomogeneous } from './full-graph.ts';
import { cleared, type IntList } from './int-list.ts';
import { Words } from './words.ts';

/** The store's node types and relations as the sampler numbers them: made once per Sampler, read by every assembly. */
export interface StoreTables {
  readonly store: GraphStore;
  readonly types: readonly string[];
  readonly rels: readonly RelationView[];
  /** Per relation: the numbers of its source and destination types, and its name (the middle of `src__rel__dst`). */
  readonly relSrc: readonly number[];
  readonly relDst: readonly number[];
  readonly relNames: readonly string[];
}

export function storeTables(store: GraphStore): StoreTables {
  const types = [...store.nodes.keys()];
  const rels = [...store.relations.values()];
  return {
    store,
    types,
    rels,
    relSrc: rels.map((r) => types.indexOf(r.srcType)),
    relDst: rels.map((r) => types.indexOf(r.dstType)),
    relNames: rels.map((r) => r.key.split('__')[1]),
  };
}

/**
 * One sample as the sampler builds it, in lists the Sampler keeps from call to call (a steady
 * stream of requests allocates none of them).
 */
export class Expansion {
  /** Per type: store index of each local row. */
  readonly nodes: IntList[] = [];
  /** Per relation: source row of each edge, by destination row. */
  readonly col: IntList[] = [];
  /** Per relation: where each expanded destination row's edges start; rows past its end have none. */
  readonly ptr: IntList[] = [];
  /** Per type: the local rows of its targets, in the order given. */
  readonly targets: IntList[] = [];
  /** Per type: rows after the targets, then after each hop. */
  readonly hopRows: IntList[] = [];
  /** Per relation whose edges carry data: the store slot of each edge, as col (empty for the others). */
  readonly slot: IntList[] = [];

  /** Empty, for `types` node types and `rels` relations. */
  clear(types: number, rels: number): this {
    cleared(this.nodes, types);
    cleared(this.targets, types);
    cleared(this.hopRows, types);
    cleared(this.col, rels);
    cleared(this.ptr, rels);
    cleared(this.slot, rels);
    return this;
  }
}

/**
 * The sampled rows and edges as a Batch, every array a view of one buffer (Words). Edges come sorted by destination, so the CSR is the edge list itself: the same arrays
 * buildCsr's stable counting sort would produce, with eid the identity.
 */
export function assemble(
  { store, types, rels, relSrc, relDst, relNames }: StoreTables,
  e: Expansion,
): { batch: Batch; rows: Map<string, Int32Array> } {
  const { nodes, col, ptr, targets, hopRows } = e;
  const widths = types.map((t) => store.nodes.get(t)!.features.width);
  let words = 0;
  for (let t = 0; t < types.length; t++) words += nodes[t].n * (widths[t] + 1) + targets[t].n + hopRows[t].n;
  for (let r = 0; r < rels.length; r++)
    words += nodes[relDst[r]].n + 1 + 2 * col[r].n + EdgeColumns.words(rels[r], col[r].n);
  const w32 = new Words(words);
  const x = new Map<string, Mat>();
  const rows = new Map<string, Int32Array>();
  const targetRows = new Map<string, Int32Array>();
  const hops = new Map<string, Int32Array>();
  for (let t = 0; t < types.length; t++) {
    const n = nodes[t].n,
      w = widths[t];
    const idx = copy(w32, nodes[t]);
    const data = w32.f32(n * w);
    const f = store.nodes.get(types[t])!.features;
    f.gather(idx, n, data);
    x.set(types[t], mat(n, w, data));
    rows.set(types[t], idx);
    if (targets[t].n > 0) targetRows.set(types[t], copy(w32, targets[t]));
    hops.set(types[t], copy(w32, hopRows[t]));
  }
  const edges = new Map<string, EdgeSet>();
  for (let r = 0; r < rels.length; r++) {
    const numDst = nodes[relDst[r]].n,
      c = col[r],
      p = ptr[r],
      n = c.n;
    const rowptr = w32.i32(numDst + 1),
      colA = w32.i32(n),
      eid = w32.i32(n);
    for (let i = 0; i <= numDst; i++) rowptr[i] = p.at(i, n);
    colA.set(c.a.subarray(0, n));
    for (let k = 0; k < n; k++) eid[k] = k;
    const csr: Csr = { numSrc: nodes[relSrc[r]].n, numDst, numEdges: n, rowptr, col: colA, eid };
    const rel = rels[r];
    let data = {};
    if (rel.data) {
      const cols = new EdgeColumns(rel).open(w32, n),
        slots = e.slot[r].a;
      for (let k = 0; k < n; k++) cols.put(k, slots[k]);
      data = cols.fields(n);
    }
    edges.set(rel.key, { key: rel.key, src: rel.srcType, rel: relNames[r], dst: rel.dstType, csr, ...data });
  }
  return { batch: { homogeneous: isHomogeneous(store), x, edges, targets: targetRows, hopRows: hops }, rows };
}

/** A list's values in the batch's buffer. */
export function copy(w32: Words, l: IntList): Int32Array {
  const v = w32.i32(l.n);
  for (let k = 0; k < l.n; k++) v[k] = l.a[k];
  return v;
}
