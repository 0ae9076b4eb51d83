import { Neighbours, type GraphStore, type RelationView } from '../graph/index.ts';
import type { Batch } from '../tensor/batch.ts';
import { assemble, type Expansion } from './assemble.ts';
import { assembleDisjoint } from './disjoint.ts';
import { resolveFanouts, type SampleOptions } from './options.ts';
import { Picker, type PickMode } from './pick.ts';
import { Rng } from './rng.ts';

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
 * in-edges, which is all a k-layer model reads for the targets when a layer reads a node's
 * in-edges and its neighbours' states (SAGE, GAT, GIN): the sample is exact. GCN's
 * normalisation also reads each source's in-degree, so it needs one hop more than it has
 * layers (the extra hop's nodes change nothing else the targets read). Runs
 * synchronously, so it reads one consistent version of the store. Per-call state lives in
 * arrays indexed by type and relation number: at ~30 µs a sample (p50 of `npm run bench -- graph` on
 * the 2 × AMD EPYC, 2 cores machine, 29 Nov 2026), Maps and small allocations are a visible share.
 */
export class Sampler {
  private readonly picker = new Picker();
  private readonly nb = new Neighbours();
  private readonly types: string[];
  private readonly rels: RelationView[];
  private readonly relSrc: number[];
  private readonly relDst: number[];
  /** Per type: the rows after the targets and after each hop of the last expansion. */
  private readonly hops: number[][];
  /** Per type: store index → local row + 1 (0 = not in the sample); cleared after each call. */
  private readonly local: Int32Array[];

  constructor(readonly store: GraphStore) {
    this.types = [...store.nodes.keys()];
    this.rels = [...store.relations.values()];
    this.relSrc = this.rels.map((r) => this.types.indexOf(r.srcType));
    this.relDst = this.rels.map((r) => this.types.indexOf(r.dstType));
    this.local = this.types.map(() => new Int32Array(0));
    this.hops = this.types.map(() => []);
  }

  /** targets: node type → external ids. Unknown ids are an error (there is nothing to score). */
  sample(targets: Readonly<Record<string, readonly string[]>>, opts: SampleOptions): Sample {
    const { store, types, rels, relSrc, relDst } = this;
    const e = this.expand(targets, opts);
    return {
      ...assemble(store, types, rels, relSrc, relDst, e.nodes, e.col, e.ptr, e.targets, e.hopRows),
      version: store.version,
    };
  }

  /**
   * Each target sampled on its own (with its own options and seed) and the samples laid side by
   * side in one Batch, hop by hop: PyG NeighborLoader's `disjoint=True`. A target's rows and
   * edges are then the same whatever it is sampled with, so its score is too. Targets come out
   * in the order given, per type.
   */
  sampleEach(
    targets: readonly { readonly type: string; readonly id: string; readonly options: SampleOptions }[],
  ): Sample {
    const { store, types, rels, relSrc, relDst } = this;
    const es = targets.map((t) => {
      const e = this.expand({ [t.type]: [t.id] }, t.options);
      return { ...e, hopRows: e.hopRows.map((h) => h.slice()) };
    });
    return { ...assembleDisjoint(store, types, rels, relSrc, relDst, es), version: store.version };
  }

  /** The sample's rows and edges as lists (local rows, hop by hop), before they become a Batch. */
  private expand(targets: Readonly<Record<string, readonly string[]>>, opts: SampleOptions): Expansion {
    const { store, rels, relSrc, relDst, picker, nb } = this;
    const fanouts = resolveFanouts(store, opts);
    const mode: PickMode = opts.mode ?? 'uniform';
    const rng = new Rng(opts.seed ?? 0);
    const nodes: number[][] = this.types.map(() => []);
    const targetRows: [string, number[]][] = [];
    try {
      for (const type in targets) {
        const t = this.types.indexOf(type);
        if (t < 0) throw new Error(`targets: node type '${type}' is not one of ${this.types.join(', ')}`);
        const ids = store.nodes.get(type)!.ids;
        targetRows.push([
          type,
          targets[type].map((id, i) => {
            const g = typeof id === 'string' ? ids.lookup(id) : -1;
            if (g < 0)
              throw new Error(
                `targets.${type}[${i}]: id ${JSON.stringify(id)} is not in the store (expected a known '${type}' id)`,
              );
            return this.add(t, g, nodes);
          }),
        ]);
      }
      // Per relation: source row of each edge, and rowptr by destination. Each destination row
      // is expanded once, in increasing order, so edges arrive sorted by destination.
      const col: number[][] = rels.map(() => []);
      const ptr: number[][] = rels.map(() => [0]);
      let start = nodes.map(() => 0);
      // Rows are appended hop by hop: per type, the row count after the targets and after each hop.
      // Reused from call to call (the sampler's tail is scavenges): sampleEach copies them out.
      const hopRows = this.hops;
      for (let t = 0; t < nodes.length; t++) {
        hopRows[t].length = 0;
        hopRows[t].push(nodes[t].length);
      }
      for (let h = 0; h < opts.fanouts.length; h++) {
        const end = nodes.map((l) => l.length);
        for (let ri = 0; ri < rels.length; ri++) {
          const f = fanouts[ri][h];
          if (f === 0) continue;
          const r = rels[ri],
            d = relDst[ri],
            s = relSrc[ri];
          const into = nodes[d],
            c = col[ri],
            p = ptr[ri];
          const minTs = r.minTs(store.newest);
          for (let i = start[d]; i < end[d]; i++) {
            while (p.length <= i) p.push(c.length);
            nb.openIn(r, into[i], minTs);
            const n = picker.pick(nb, f, mode, rng);
            const out = picker.out;
            for (let k = 0; k < n; k++) c.push(this.add(s, nb.far(out[k]), nodes));
            p.push(c.length);
          }
        }
        start = end;
        for (let t = 0; t < nodes.length; t++) hopRows[t].push(nodes[t].length);
      }
      return { nodes, col, ptr, targets: targetRows, hopRows };
    } finally {
      for (let t = 0; t < nodes.length; t++) for (const g of nodes[t]) this.local[t][g] = 0;
    }
  }

  /** Local row of node g of type t, appending it to the sample when new. */
  private add(t: number, g: number, nodes: number[][]): number {
    let m = this.local[t];
    if (m.length <= g) {
      const bigger = new Int32Array(Math.max(g + 1, this.store.numNodes(this.types[t]), m.length * 2));
      bigger.set(m);
      this.local[t] = m = bigger;
    }
    if (m[g] !== 0) return m[g] - 1;
    const list = nodes[t];
    list.push(g);
    m[g] = list.length;
    return list.length - 1;
  }
}
