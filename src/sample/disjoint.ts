import type { GraphStore, RelationView } from '../graph/index.ts';
import type { Batch, EdgeSet } from '../tensor/batch.ts';
import { mat, type Mat } from '../tensor/mat.ts';
import type { Expansion } from './assemble.ts';
import { isHomogeneous } from './full-graph.ts';
import { Words } from './words.ts';

/** Where each sample's rows of one node type land: hop h of every sample, in sample order, then hop h + 1. */
interface Layout {
  /** Per sample: its local row → batch row. */
  readonly pos: Int32Array[];
  /** Per batch row: its sample, and its local row there. */
  readonly sampleOf: Int32Array;
  readonly rowOf: Int32Array;
  /** Batch rows within h hops (Batch.hopRows). */
  readonly within: number[];
}

function layoutOf(hops: readonly number[][]): Layout {
  const depth = Math.max(...hops.map((h) => h.length));
  const upTo = (k: number, h: number): number => (h < 0 ? 0 : hops[k][Math.min(h, hops[k].length - 1)]);
  let total = 0;
  for (const h of hops) total += h[h.length - 1];
  const pos = hops.map((h) => new Int32Array(h[h.length - 1]));
  const sampleOf = new Int32Array(total),
    rowOf = new Int32Array(total),
    within: number[] = [];
  let at = 0;
  for (let h = 0; h < depth; h++) {
    for (let k = 0; k < hops.length; k++) {
      for (let r = upTo(k, h - 1); r < upTo(k, h); r++, at++) {
        pos[k][r] = at;
        sampleOf[at] = k;
        rowOf[at] = r;
      }
    }
    within.push(at);
  }
  return { pos, sampleOf, rowOf, within };
}

/**
 * Samples side by side in one Batch (the disjoint union: a node reached by two samples is two
 * rows), rows in hop order across samples, so a model trims the batch as it trims one sample.
 * Every array of the result is a view of one ArrayBuffer, features read from the store once.
 */
export function assembleDisjoint(
  store: GraphStore,
  types: string[],
  rels: RelationView[],
  relSrc: number[],
  relDst: number[],
  es: readonly Expansion[],
): { batch: Batch; rows: Map<string, Int32Array> } {
  const layouts = types.map((_, t) => layoutOf(es.map((e) => e.hopRows[t])));
  const widths = types.map((t) => store.nodes.get(t)!.features.width);
  const edgeCount = rels.map((_, r) => es.reduce((n, e) => n + e.col[r].length, 0));
  let words = 0;
  for (let t = 0; t < types.length; t++)
    words += layouts[t].sampleOf.length * (widths[t] + 1) + layouts[t].within.length;
  for (let r = 0; r < rels.length; r++) words += layouts[relDst[r]].sampleOf.length + 1 + 2 * edgeCount[r];
  for (const e of es) for (const [, rows] of e.targets) words += rows.length;
  const w32 = new Words(words);
  const i32 = (n: number): Int32Array => w32.i32(n);
  const x = new Map<string, Mat>();
  const rows = new Map<string, Int32Array>();
  const hopRows = new Map<string, Int32Array>();
  for (let t = 0; t < types.length; t++) {
    const { sampleOf, rowOf, within } = layouts[t],
      w = widths[t],
      n = sampleOf.length;
    const data = w32.f32(n * w);
    const f = store.nodes.get(types[t])!.features;
    const idx = i32(n);
    for (let r = 0; r < n; r++) idx[r] = es[sampleOf[r]].nodes[t][rowOf[r]];
    f.touch(idx, n);
    for (let r = 0; r < n; r++) f.read(idx[r], data, r * w);
    x.set(types[t], mat(n, w, data));
    rows.set(types[t], idx);
    const hop = i32(within.length);
    hop.set(within);
    hopRows.set(types[t], hop);
  }
  const edges = new Map<string, EdgeSet>();
  for (let ri = 0; ri < rels.length; ri++) {
    const dst = layouts[relDst[ri]],
      src = layouts[relSrc[ri]];
    const numDst = dst.sampleOf.length,
      e = edgeCount[ri];
    const rowptr = i32(numDst + 1),
      col = i32(e),
      eid = i32(e);
    let k = 0;
    for (let i = 0; i < numDst; i++) {
      const s = dst.sampleOf[i],
        r = dst.rowOf[i],
        c = es[s].col[ri],
        p = es[s].ptr[ri],
        to = src.pos[s];
      // Rows the sampler never expanded (its last hop) have no entry past p's end: no edges.
      const start = r < p.length ? p[r] : 0,
        end = r + 1 < p.length ? p[r + 1] : start;
      for (let j = start; j < end; j++, k++) {
        col[k] = to[c[j]];
        eid[k] = k;
      }
      rowptr[i + 1] = k;
    }
    const rel = rels[ri];
    const csr = { numSrc: src.sampleOf.length, numDst, numEdges: e, rowptr, col, eid };
    edges.set(rel.key, { key: rel.key, src: rel.srcType, rel: rel.key.split('__')[1], dst: rel.dstType, csr });
  }
  const targets = new Map<string, Int32Array>();
  for (const type of types) {
    const t = types.indexOf(type);
    let n = 0;
    for (const e of es) for (const [tt, list] of e.targets) if (tt === type) n += list.length;
    if (n === 0) continue;
    const v = i32(n);
    let j = 0;
    es.forEach((e, s) => {
      for (const [tt, list] of e.targets) if (tt === type) for (const r of list) v[j++] = layouts[t].pos[s][r];
    });
    targets.set(type, v);
  }
  return { batch: { homogeneous: isHomogeneous(store), x, edges, targets, hopRows }, rows };
}
