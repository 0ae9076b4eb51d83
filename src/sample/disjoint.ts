import type { Batch, EdgeSet } from '../tensor/batch.ts';
import { mat, type Mat } from '../tensor/mat.ts';
import { copy, type Expansion, type StoreTables } from './assemble.ts';
import { EdgeColumns } from './edge-columns.ts';
import { isHomogeneous } from './full-graph.ts';
import { cleared, IntList } from './int-list.ts';
import type { BufferPool } from './buffer-pool.ts';
import { Words } from './words.ts';

/**
 * Where each sample's rows of one node type land: hop h of every sample, in sample order, then
 * hop h + 1. Kept by the Sampler and rebuilt per call, its lists keeping their memory.
 */
export class Layout {
  /** Sample k's local row r is batch row pos[off[k] + r]. */
  readonly pos = new IntList();
  readonly off = new IntList();
  /** Per batch row: its sample, and its local row there. */
  readonly sampleOf = new IntList();
  readonly rowOf = new IntList();
  /** Batch rows within h hops (Batch.hopRows). */
  readonly within = new IntList();

  build(es: readonly Expansion[], t: number): this {
    cleared([this.off, this.sampleOf, this.rowOf, this.within], 4);
    let total = 0,
      depth = 0;
    for (const e of es) {
      this.off.push(total);
      total += e.nodes[t].n;
      depth = Math.max(depth, e.hopRows[t].n);
    }
    this.pos.resize(total);
    let at = 0;
    for (let h = 0; h < depth; h++) {
      for (let k = 0; k < es.length; k++) {
        const hops = es[k].hopRows[t];
        const from = h === 0 ? 0 : hops.a[Math.min(h - 1, hops.n - 1)],
          to = hops.a[Math.min(h, hops.n - 1)],
          o = this.off.a[k];
        for (let r = from; r < to; r++, at++) {
          this.pos.a[o + r] = at;
          this.sampleOf.push(k);
          this.rowOf.push(r);
        }
      }
      this.within.push(at);
    }
    return this;
  }
}

/**
 * Samples side by side in one Batch (the disjoint union: a node reached by two samples is two
 * rows), rows in hop order across samples, so a model trims the batch as it trims one sample.
 * Every array of the result is a view of one ArrayBuffer, features read from the store once.
 * `layouts` is scratch, one per node type.
 */
export function assembleDisjoint(
  { store, types, rels, relSrc, relDst, relNames }: StoreTables,
  es: readonly Expansion[],
  layouts: Layout[],
  buffers?: BufferPool,
): { batch: Batch; rows: Map<string, Int32Array>; buffer: ArrayBuffer } {
  while (layouts.length < types.length) layouts.push(new Layout());
  for (let t = 0; t < types.length; t++) layouts[t].build(es, t);
  let words = 0;
  for (let t = 0; t < types.length; t++) {
    const n = layouts[t].sampleOf.n;
    words += n * (store.nodes.get(types[t])!.features.width + 1) + layouts[t].within.n;
    for (const e of es) words += e.targets[t].n;
  }
  for (let r = 0; r < rels.length; r++) {
    words += layouts[relDst[r]].sampleOf.n + 1;
    for (const e of es) words += 2 * e.col[r].n + EdgeColumns.words(rels[r], e.col[r].n);
  }
  const w32 = new Words(words, buffers?.take(words * 4));
  const x = new Map<string, Mat>();
  const rows = new Map<string, Int32Array>();
  const hopRows = new Map<string, Int32Array>();
  const targets = new Map<string, Int32Array>();
  for (let t = 0; t < types.length; t++) {
    const { sampleOf, rowOf, within, pos, off } = layouts[t],
      n = sampleOf.n;
    const f = store.nodes.get(types[t])!.features,
      w = f.width;
    const idx = w32.i32(n);
    for (let r = 0; r < n; r++) idx[r] = es[sampleOf.a[r]].nodes[t].a[rowOf.a[r]];
    const data = w32.f32(n * w);
    f.gather(idx, n, data);
    x.set(types[t], mat(n, w, data));
    rows.set(types[t], idx);
    hopRows.set(types[t], copy(w32, within));
    let count = 0;
    for (const e of es) count += e.targets[t].n;
    if (count === 0) continue;
    const v = w32.i32(count);
    let j = 0;
    for (let k = 0; k < es.length; k++) {
      const list = es[k].targets[t];
      for (let i = 0; i < list.n; i++) v[j++] = pos.a[off.a[k] + list.a[i]];
    }
    targets.set(types[t], v);
  }
  const edges = new Map<string, EdgeSet>();
  for (let ri = 0; ri < rels.length; ri++) {
    const dst = layouts[relDst[ri]],
      src = layouts[relSrc[ri]];
    const numDst = dst.sampleOf.n;
    let e = 0;
    for (const s of es) e += s.col[ri].n;
    const rowptr = w32.i32(numDst + 1),
      col = w32.i32(e),
      eid = w32.i32(e);
    const rel = rels[ri],
      cols = rel.data && new EdgeColumns(rel).open(w32, e);
    let k = 0;
    for (let i = 0; i < numDst; i++) {
      const s = dst.sampleOf.a[i],
        r = dst.rowOf.a[i],
        c = es[s].col[ri].a,
        p = es[s].ptr[ri],
        o = src.off.a[s];
      // Rows the sampler never expanded (its last hop) have no entry past p's end: no edges.
      const start = p.at(r, 0),
        end = r + 1 < p.n ? p.a[r + 1] : start;
      for (let j = start; j < end; j++, k++) {
        col[k] = src.pos.a[o + c[j]];
        eid[k] = k;
      }
      if (cols) for (let j = start, q = k - (end - start); j < end; j++, q++) cols.put(q, es[s].slot[ri].a[j]);
      rowptr[i + 1] = k;
    }
    const csr = { numSrc: src.sampleOf.n, numDst, numEdges: e, rowptr, col, eid };
    edges.set(rel.key, {
      key: rel.key,
      src: rel.srcType,
      rel: relNames[ri],
      dst: rel.dstType,
      csr,
      ...cols?.fields(e),
    });
  }
  return { batch: { homogeneous: isHomogeneous(store), x, edges, targets, hopRows }, rows, buffer: w32.buf };
}
