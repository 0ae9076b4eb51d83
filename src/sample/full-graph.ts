import type { GraphStore } from '../graph/index.ts';
import { HOMO_NODE, HOMO_REL, splitEdgeKey, type Batch, type EdgeSet } from '../tensor/batch.ts';
import { buildCsr } from '../tensor/csr.ts';
import { mat, type Mat } from '../tensor/mat.ts';
import { EdgeColumns } from './edge-columns.ts';
import { Words } from './words.ts';

/** Every node and every visible edge of the store as one Batch (store index = row): scoring all nodes at once. */
export function fullGraph(store: GraphStore): Batch {
  const x = new Map<string, Mat>();
  for (const [t, n] of store.nodes) {
    const m = mat(n.ids.size, n.features.width);
    for (let r = 0; r < n.ids.size; r++) n.features.read(r, m.data, r * n.features.width);
    x.set(t, m);
  }
  const edges = new Map<string, EdgeSet>();
  for (const [key, r] of store.relations) {
    const min = r.minTs(store.newest);
    const s: number[] = [],
      d: number[] = [],
      slots: number[] = [];
    for (let e = 0; e < r.slots; e++) {
      if (r.ts.get(e) < min) continue;
      s.push(r.src.get(e));
      d.push(r.dst.get(e));
      slots.push(e);
    }
    // Edge data in this (original) order: a Batch reads it through csr.eid.
    let data = {};
    if (r.data) {
      const cols = new EdgeColumns(r).open(new Words(EdgeColumns.words(r, slots.length)), slots.length);
      for (let k = 0; k < slots.length; k++) cols.put(k, slots[k]);
      data = cols.fields(slots.length);
    }
    const [st, rel, dt] = splitEdgeKey(key);
    edges.set(key, {
      key,
      src: st,
      rel,
      dst: dt,
      csr: buildCsr(Int32Array.from(s), Int32Array.from(d), x.get(st)!.rows, x.get(dt)!.rows),
      ...data,
    });
  }
  return { homogeneous: isHomogeneous(store), x, edges };
}

/** A store whose schema is exactly PyG's homogeneous layout feeds homogeneous models. */
export function isHomogeneous(store: GraphStore): boolean {
  return (
    store.nodes.size === 1 && store.nodes.has(HOMO_NODE) && store.relations.size === 1 && store.relations.has(HOMO_REL)
  );
}
