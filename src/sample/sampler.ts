import type { GraphStore } from '../graph/store.ts';
import { splitEdgeKey, type Batch, type EdgeSet } from '../tensor/batch.ts';
import { buildCsr } from '../tensor/csr.ts';
import { isHomogeneous } from './full-graph.ts';
import { mat, type Mat } from '../tensor/mat.ts';
import { Picker, type PickMode } from './pick.ts';
import { Rng } from './rng.ts';
import { resolveFanouts, type SampleOptions } from './options.ts';

/** A sampled neighbourhood: the Batch to run, and the store index of every local row. */
export interface Sample {
  readonly batch: Batch;
  /** node type → store index per local row (row r of batch.x.get(type) is node rows[r]). */
  readonly rows: ReadonlyMap<string, Int32Array>;
  /** The store's version when sampled. */
  readonly version: number;
}

/**
 * k-hop neighbour sampling into a Batch, as PyG's NeighborLoader: hop h expands the nodes
 * first reached at hop h-1 (the targets at hop 0) along every relation into their type, keeping
 * up to fanout[h] in-edges each. With every fanout -1 each node within k-1 hops gets all its
 * in-edges, which is all a k-layer model reads for the targets: the sample is exact. Runs
 * synchronously, so it reads one consistent version of the store.
 */
export class Sampler {
  private readonly picker = new Picker();
  /** node type → (store index → local row + 1), 0 = not in the sample; cleared after each call. */
  private readonly local = new Map<string, Int32Array>();

  constructor(readonly store: GraphStore) {}

  /** targets: node type → external ids. Unknown ids are an error (there is nothing to score). */
  sample(targets: Readonly<Record<string, readonly string[]>>, opts: SampleOptions): Sample {
    const store = this.store;
    const fanouts = resolveFanouts(store, opts);
    const mode: PickMode = opts.mode ?? 'uniform';
    const rng = new Rng(opts.seed ?? 0);
    const nodes = new Map<string, number[]>([...store.nodes.keys()].map((t) => [t, []]));
    const targetRows = new Map<string, Int32Array>();
    try {
      for (const [type, ids] of Object.entries(targets)) {
        const table = store.nodes.get(type);
        if (!table) throw new Error(`targets: node type '${type}' is not one of ${[...store.nodes.keys()].join(', ')}`);
        targetRows.set(type, Int32Array.from(ids, (id, i) => {
          const g = typeof id === 'string' ? table.ids.lookup(id) : -1;
          if (g < 0) throw new Error(`targets.${type}[${i}]: id ${JSON.stringify(id)} is not in the store (expected a known '${type}' id)`);
          return this.add(type, g, nodes);
        }));
      }
      const src = new Map<string, number[]>(), dst = new Map<string, number[]>();
      for (const r of store.relations.keys()) {
        src.set(r, []);
        dst.set(r, []);
      }
      const start = new Map<string, number>([...nodes.keys()].map((t) => [t, 0]));
      const hops = fanouts.values().next().value?.length ?? 0;
      for (let h = 0; h < hops; h++) {
        const end = new Map([...nodes].map(([t, l]) => [t, l.length]));
        for (const r of store.relations.values()) {
          const f = fanouts.get(r.key)![h];
          if (f === 0) continue;
          const into = nodes.get(r.dstType)!;
          const minTs = r.minTs(store.newest);
          const es = src.get(r.key)!, ed = dst.get(r.key)!;
          for (let i = start.get(r.dstType)!; i < end.get(r.dstType)!; i++) {
            const n = this.picker.pick(r.byDst, r.ts, minTs, into[i], f, mode, rng);
            const out = this.picker.out;
            for (let k = 0; k < n; k++) {
              es.push(this.add(r.srcType, r.src.get(out[k]), nodes));
              ed.push(i);
            }
          }
        }
        for (const [t, e] of end) start.set(t, e);
      }
      return { batch: this.toBatch(nodes, src, dst, targetRows), rows: new Map([...nodes].map(([t, l]) => [t, Int32Array.from(l)])), version: store.version };
    } finally {
      for (const [t, l] of nodes) {
        const m = this.local.get(t);
        if (m) for (const g of l) m[g] = 0;
      }
    }
  }

  private add(type: string, g: number, nodes: Map<string, number[]>): number {
    let m = this.local.get(type);
    if (!m || m.length <= g) {
      const bigger = new Int32Array(Math.max(g + 1, this.store.numNodes(type), (m?.length ?? 0) * 2));
      if (m) bigger.set(m);
      this.local.set(type, (m = bigger));
    }
    if (m[g] !== 0) return m[g] - 1;
    const list = nodes.get(type)!;
    list.push(g);
    m[g] = list.length;
    return list.length - 1;
  }

  private toBatch(nodes: Map<string, number[]>, src: Map<string, number[]>, dst: Map<string, number[]>, targets: Map<string, Int32Array>): Batch {
    const x = new Map<string, Mat>();
    for (const [t, list] of nodes) {
      const f = this.store.nodes.get(t)!.features;
      const m = mat(list.length, f.width);
      for (let r = 0; r < list.length; r++) f.read(list[r], m.data, r * f.width);
      x.set(t, m);
    }
    const edges = new Map<string, EdgeSet>();
    for (const [key, s] of src) {
      const [st, rel, dt] = splitEdgeKey(key);
      const csr = buildCsr(Int32Array.from(s), Int32Array.from(dst.get(key)!), nodes.get(st)!.length, nodes.get(dt)!.length);
      edges.set(key, { key, src: st, rel, dst: dt, csr });
    }
    return { homogeneous: isHomogeneous(this.store), x, edges, targets };
  }
}
