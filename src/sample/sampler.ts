import { Neighbours, liveIndex, type GraphStore } from '../graph/index.ts';
import type { Batch } from '../tensor/batch.ts';
import { assemble, Expansion, type StoreTables, storeTables } from './assemble.ts';
import { assembleDisjoint, type Layout } from './disjoint.ts';
import { resolveFanouts, type SampleOptions } from './options.ts';
import { Picker, type PickMode } from './pick.ts';
import { BufferPool } from './buffer-pool.ts';
import { Rng } from './rng.ts';
import { RowIndex } from './row-index.ts';

/** A sampled neighbourhood: the Batch to run, and the store index of every local row. */
export interface Sample {
  readonly batch: Batch;
  /** node type → store index per local row (row r of batch.x.get(type) is node rows[r]). */
  readonly rows: ReadonlyMap<string, Int32Array>;
  /** The store's version when sampled. */
  readonly version: number;
  /** The memory every array of the batch is a view of (see Sampler.release). */
  readonly buffer?: ArrayBuffer;
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
  private readonly rng = new Rng(0);
  private readonly t: StoreTables;
  /** Per type: store index → local row of the sample being expanded; cleared after each expansion. */
  private readonly local: RowIndex[];
  /** One per sample of a call, reused by the next call. */
  private readonly pool: Expansion[] = [];
  private readonly layouts: Layout[] = [];
  private readonly buffers = new BufferPool();
  /** The last options' fanouts per relation: a stream of requests with the same fanouts checks them once. */
  private resolved?: {
    fanouts: readonly number[];
    relationFanouts: unknown;
    mode: unknown;
    per: (readonly number[])[];
  };

  constructor(readonly store: GraphStore) {
    this.t = storeTables(store);
    this.local = this.t.types.map(() => new RowIndex());
  }

  /** targets: node type → external ids. Unknown ids are an error (there is nothing to score). */
  sample(targets: Readonly<Record<string, readonly string[]>>, opts: SampleOptions): Sample {
    const { store } = this;
    const e = this.expansion(0);
    const per = this.fanouts(opts);
    try {
      for (const type in targets) {
        const t = this.typeIndex(type);
        targets[type].forEach((id, i) => {
          this.target(e, t, id, i);
        });
      }
      this.expand(e, opts, per, opts.seed ?? 0);
    } finally {
      this.unmark(e);
    }
    return { ...assemble(this.t, e), version: store.version };
  }

  /**
   * Each target sampled on its own (with its own options and seed) and the samples laid side by
   * side in one Batch, hop by hop: PyG NeighborLoader's `disjoint=True`. A target's rows and
   * edges are then the same whatever it is sampled with, so its score is too. Targets come out
   * in the order given, per type. `seed`, when given, replaces options.seed.
   */
  sampleEach(
    targets: readonly {
      readonly type: string;
      readonly id: string;
      readonly options: SampleOptions;
      readonly seed?: number;
    }[],
  ): Sample {
    const { store } = this;
    const es: Expansion[] = [];
    for (let k = 0; k < targets.length; k++) {
      const { type, id, options, seed } = targets[k];
      const e = this.expansion(k);
      const per = this.fanouts(options);
      try {
        this.target(e, this.typeIndex(type), id, 0);
        this.expand(e, options, per, seed ?? options.seed ?? 0);
      } finally {
        this.unmark(e);
      }
      es.push(e);
    }
    return {
      ...assembleDisjoint(this.t, es, this.layouts, this.buffers),
      version: store.version,
    };
  }

  /**
   * Hands a sampleEach batch's memory back for the next sample to reuse. Only once nothing reads
   * the batch any more: its arrays are overwritten by a later sample.
   */
  release(sample: Sample): void {
    if (sample.buffer) this.buffers.give(sample.buffer);
  }

  private expansion(k: number): Expansion {
    while (this.pool.length <= k) this.pool.push(new Expansion());
    return this.pool[k].clear(this.t.types.length, this.t.rels.length);
  }

  private fanouts(opts: SampleOptions): (readonly number[])[] {
    const r = this.resolved;
    if (r && r.fanouts === opts.fanouts && r.relationFanouts === opts.relationFanouts && r.mode === opts.mode)
      return r.per;
    const per = resolveFanouts(this.store, opts);
    this.resolved = { fanouts: opts.fanouts, relationFanouts: opts.relationFanouts, mode: opts.mode, per };
    return per;
  }

  private typeIndex(type: string): number {
    const t = this.t.types.indexOf(type);
    if (t < 0) throw new Error(`targets: node type '${type}' is not one of ${this.t.types.join(', ')}`);
    return t;
  }

  /** Adds target `id` of type t (the i-th of its type in the request) to e. */
  private target(e: Expansion, t: number, id: string, i: number): void {
    const type = this.t.types[t];
    const g = typeof id === 'string' ? liveIndex(this.store.nodes.get(type)!, id) : -1;
    if (g < 0)
      throw new Error(
        `targets.${type}[${i}]: id ${JSON.stringify(id)} is not in the store (expected a known '${type}' id)`,
      );
    e.targets[t].push(this.add(e, t, g));
  }

  /** The hops of e from its targets; edges per relation by destination row, rows hop by hop. */
  private expand(e: Expansion, opts: SampleOptions, fanouts: (readonly number[])[], seed: number): void {
    const { picker, nb, rng } = this;
    const { store, rels, relSrc, relDst } = this.t;
    const { nodes, col, ptr, hopRows } = e;
    const mode: PickMode = opts.mode ?? 'uniform';
    rng.reset(seed);
    for (let t = 0; t < nodes.length; t++) hopRows[t].push(nodes[t].n);
    // Each destination row is expanded once, in increasing order, so edges arrive sorted by destination.
    for (let h = 0; h < opts.fanouts.length; h++) {
      for (let ri = 0; ri < rels.length; ri++) {
        const f = fanouts[ri][h];
        if (f === 0) continue;
        const r = rels[ri],
          d = relDst[ri],
          s = relSrc[ri];
        const into = nodes[d],
          c = col[ri],
          p = ptr[ri],
          sl = r.data ? e.slot[ri] : undefined;
        const minTs = r.minTs(store.newest);
        const start = h === 0 ? 0 : hopRows[d].a[h - 1],
          end = hopRows[d].a[h];
        for (let i = start; i < end; i++) {
          while (p.n <= i) p.push(c.n);
          nb.openIn(r, into.a[i], minTs);
          const n = picker.pick(nb, f, mode, rng, r.data);
          const out = picker.out;
          for (let k = 0; k < n; k++) c.push(this.add(e, s, nb.far(out[k])));
          if (sl) for (let k = 0; k < n; k++) sl.push(out[k]);
          p.push(c.n);
        }
      }
      for (let t = 0; t < nodes.length; t++) hopRows[t].push(nodes[t].n);
    }
  }

  /** Forgets e's nodes in `local`. */
  private unmark(e: Expansion): void {
    for (let t = 0; t < e.nodes.length; t++) this.local[t].clear();
  }

  /** Local row of node g of type t, appending it to the sample when new. */
  private add(e: Expansion, t: number, g: number): number {
    const index = this.local[t];
    const r = index.get(g);
    if (r >= 0) return r;
    const list = e.nodes[t];
    list.push(g);
    index.set(g, list.n - 1);
    return list.n - 1;
  }
}
