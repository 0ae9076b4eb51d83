import type { Sample } from '../sample/sampler.ts';
import type { Batch, EdgeSet } from '../tensor/batch.ts';
import { mat, type Mat } from '../tensor/mat.ts';

/** Samples side by side in one Batch, with its size. */
export interface Merged {
  readonly batch: Batch;
  readonly nodes: number;
  readonly edges: number;
}

/** Where each sample's rows of one node type land in the merged batch, hop by hop. */
interface Layout {
  /** Per sample: its row → merged row. */
  readonly pos: Int32Array[];
  /** Per merged row: its sample and its row there. */
  readonly sampleOf: Int32Array;
  readonly rowOf: Int32Array;
  /** Merged rows within h hops (Batch.hopRows). */
  readonly hopRows: Int32Array;
}

/**
 * The disjoint union of samples (PyG NeighborLoader's `disjoint=True`): each sample keeps its own
 * copy of every node it reached, so a target's score depends on its own sample alone, never on
 * the requests it shares a run with. Rows are laid out hop by hop (every sample's targets, then
 * every sample's first hop, ...), so the merged batch is in hop order as each sample is, and a
 * model trims it as it would trim one sample. Targets come in sample order.
 */
export function mergeSamples(samples: readonly Sample[]): Merged {
  if (samples.length === 1) {
    const b = samples[0].batch;
    return {
      batch: b,
      nodes: sum([...b.x.values()], (m) => m.rows),
      edges: sum([...b.edges.values()], (e) => e.csr.numEdges),
    };
  }
  const first = samples[0].batch;
  const layouts = new Map<string, Layout>();
  const x = new Map<string, Mat>();
  for (const [t, m0] of first.x) {
    const layout = layoutOf(samples.map((s) => s.batch.hopRows!.get(t)!));
    layouts.set(t, layout);
    const data = new Float32Array(layout.sampleOf.length * m0.cols);
    for (let r = 0; r < layout.sampleOf.length; r++) {
      const from = samples[layout.sampleOf[r]].batch.x.get(t)!.data;
      const at = layout.rowOf[r] * m0.cols;
      data.set(from.subarray(at, at + m0.cols), r * m0.cols);
    }
    x.set(t, mat(layout.sampleOf.length, m0.cols, data));
  }
  const edges = new Map<string, EdgeSet>();
  let numEdges = 0;
  for (const [key, e0] of first.edges) {
    const parts = samples.map((s) => s.batch.edges.get(key)!);
    if (parts.some((e) => e.edgeAttr || e.edgeWeight || e.edgeType))
      throw new Error(`relation '${key}': merging samples that carry edge data is not supported yet`);
    const base = [0];
    for (const e of parts) base.push(base[base.length - 1] + e.csr.numEdges);
    const src = layouts.get(e0.src)!,
      dst = layouts.get(e0.dst)!;
    const total = base[parts.length],
      numDst = dst.sampleOf.length;
    const rowptr = new Int32Array(numDst + 1),
      col = new Int32Array(total),
      eid = new Int32Array(total);
    let at = 0;
    for (let i = 0; i < numDst; i++) {
      const k = dst.sampleOf[i],
        c = parts[k].csr,
        r = dst.rowOf[i],
        to = src.pos[k];
      for (let j = c.rowptr[r]; j < c.rowptr[r + 1]; j++, at++) {
        col[at] = to[c.col[j]];
        eid[at] = base[k] + c.eid[j];
      }
      rowptr[i + 1] = at;
    }
    numEdges += total;
    const csr = { numSrc: src.sampleOf.length, numDst, numEdges: total, rowptr, col, eid };
    edges.set(key, { key, src: e0.src, rel: e0.rel, dst: e0.dst, csr });
  }
  const targets = new Map<string, Int32Array>();
  for (const [t, layout] of layouts) {
    const rows: number[] = [];
    samples.forEach((s, k) => {
      for (const r of s.batch.targets?.get(t) ?? []) rows.push(layout.pos[k][r]);
    });
    if (rows.length > 0) targets.set(t, Int32Array.from(rows));
  }
  const hopRows = new Map([...layouts].map(([t, l]) => [t, l.hopRows]));
  return {
    batch: { homogeneous: first.homogeneous, x, edges, targets, hopRows },
    nodes: sum([...x.values()], (m) => m.rows),
    edges: numEdges,
  };
}

/** Hop h of every sample, in sample order, then hop h + 1; a sample with fewer hops has nothing past its last. */
function layoutOf(hops: readonly Int32Array[]): Layout {
  const depth = Math.max(...hops.map((h) => h.length));
  const within = (k: number, h: number): number => (h < 0 ? 0 : hops[k][Math.min(h, hops[k].length - 1)]);
  const total = sum(hops, (h) => h[h.length - 1]);
  const pos = hops.map((h) => new Int32Array(h[h.length - 1]));
  const sampleOf = new Int32Array(total),
    rowOf = new Int32Array(total),
    hopRows = new Int32Array(depth);
  let at = 0;
  for (let h = 0; h < depth; h++) {
    for (let k = 0; k < hops.length; k++) {
      for (let r = within(k, h - 1); r < within(k, h); r++, at++) {
        pos[k][r] = at;
        sampleOf[at] = k;
        rowOf[at] = r;
      }
    }
    hopRows[h] = at;
  }
  return { pos, sampleOf, rowOf, hopRows };
}

function sum<V>(xs: readonly V[], f: (v: V) => number): number {
  let n = 0;
  for (const v of xs) n += f(v);
  return n;
}
