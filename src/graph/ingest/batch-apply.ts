import type { Relation } from '../edges/relation.ts';
import type { NodeTable } from '../nodes/node-table.ts';
import type { StringIds } from '../nodes/string-ids.ts';
import { BatchReader, KIND } from './batch-record.ts';
import type { EventIds } from './event-ids.ts';
import { NodeDrop } from './node-drop.ts';
import { Round } from './round.ts';
import { REPEAT, type RoundShape, readRound } from './round-read.ts';

/** The relation an op names: the relation that stores its edges and that one's endpoints' id maps; flip when the op's relation is the reverse of `r` (its src and dst are r's dst and src). */
export interface Ends {
  readonly r: Relation;
  readonly src: StringIds;
  readonly dst: StringIds;
  /** Its ends' deleted nodes (NodeTable.gone): an add_edge naming one re-creates it. */
  readonly srcGone: Set<number>;
  readonly dstGone: Set<number>;
  readonly flip: boolean;
}

const NONE = 0,
  ADD = 1,
  DELETE = 2,
  DROP = 3;

/**
 * Applies a batch record (batch-record.ts) in rounds of about ROUND_OPS ops, reading ids,
 * times and features in place: the record is the batch's only copy. At 10M edges every
 * structure an op touches is far larger than the caches, and one op at a time waits for ~8
 * cache misses in turn (each load's address comes from the one before). So each round is first
 * read (offsets and hashes), then run over doing only independent loads, stage by stage (event
 * ids and id table slots, then id characters; after interning, identity hash
 * entries and index heads), which the CPU overlaps, then does the real work in order against
 * warm caches. The loads get loops of their own: interleaved with the parsing and hashing, fewer
 * fit the CPU's window at once (apply ~8% slower at 10M edges in `npm run bench -- graph` on the 2 × AMD EPYC, 2 cores machine, 29 Nov 2026). The result is exactly that of
 * applying op by op: ids are interned and edges applied in batch order, and relations do not
 * interact.
 */
export class BatchApply {
  private readonly round = new Round();
  /** Where the prefetch loads go, so the compiler cannot drop them. */
  sink = 0;
  /** Events of the last run: all of them, and those skipped as seen before. */
  events = 0;
  duplicates = 0;
  private readonly reader = new BatchReader();
  /** An upsert's features, on their way from the record to the node's row. */
  private readonly x: Float32Array;
  /** Per relation (schema order): f32 of edge data its add_edge ops carry (schema.ts edgeWords). */
  private readonly words: number[];
  private readonly shape: RoundShape;
  /** A delete_node's features (zeros), and its edges. */
  private readonly zeros: Float32Array;
  private readonly drops: NodeDrop;

  /** nodes and rels in schema order: a record names them by index. */
  constructor(
    private readonly nodes: readonly NodeTable[],
    private readonly rels: readonly Ends[],
    private readonly applied: EventIds,
  ) {
    this.x = new Float32Array(Math.max(0, ...nodes.map((t) => t.features.width)));
    this.words = rels.map((e) => e.r.data?.words ?? 0);
    this.shape = {
      widths: nodes.map((t) => t.features.width),
      words: this.words,
      flips: rels.map((e) => e.flip),
      stored: rels.map((e) => e.r),
    };
    this.zeros = new Float32Array(this.x.length);
    this.drops = new NodeDrop(nodes, rels);
  }

  /** Apply the record's events in order; an event id seen before is skipped whole. Returns the newest stored event time, starting from `newest`. */
  run(bytes: Uint8Array, newest: number): number {
    const r = this.reader;
    r.start(bytes);
    this.events = r.count;
    this.duplicates = 0;
    for (let e = 0; e < r.count; e += this.round.m) {
      readRound(r, this.round, r.count - e, this.shape);
      this.prefetchIds();
      newest = this.intern(bytes, newest);
      this.edges(r.view);
    }
    return newest;
  }

  private prefetchIds(): void {
    const { hs, op, ix, n, m, fa } = this.round,
      rels = this.rels;
    let acc = 0;
    for (let e = 0; e < m; e++) acc ^= this.applied.touch(fa[e]);
    for (let k = 0; k < n; k++) {
      if (op[k] === KIND.upsert_node || op[k] === KIND.delete_node || op[k] === REPEAT) continue;
      const en = rels[ix[k]];
      acc ^= en.src.touchTable(hs[2 * k]) ^ en.dst.touchTable(hs[2 * k + 1]);
    }
    for (let k = 0; k < n; k++) {
      if (op[k] === KIND.upsert_node || op[k] === KIND.delete_node || op[k] === REPEAT) continue;
      const en = rels[ix[k]];
      acc ^= en.src.touchArena(hs[2 * k]) ^ en.dst.touchArena(hs[2 * k + 1]);
    }
    this.sink ^= acc;
  }

  /** In batch order: skip redelivered events, set features, intern edge ends. Returns the newest stored time. */
  private intern(b: Uint8Array, newest: number): number {
    const g = this.round,
      rels = this.rels;
    const { hs, op, ix, sa, da, kind, m, fa, fb, nops, time } = g;
    let j = 0;
    for (let e = 0; e < m; e++) {
      const end = j + nops[e];
      if (!this.applied.addFingerprint(fa[e], fb[e])) {
        this.duplicates++;
        kind.fill(NONE, j, end);
        j = end;
        continue;
      }
      const t = Math.floor(time[e]) + 1;
      if (t > newest) newest = t;
      for (; j < end; j++) {
        const k = op[j];
        kind[j] = NONE;
        if (k === KIND.upsert_node) {
          const nt = this.nodes[ix[j]];
          const row = nt.ids.internAt(b, sa[j], hs[2 * j]);
          nt.features.set(row, this.reader.features(da[j], nt.features.width, this.x));
          if (nt.gone.size > 0) nt.gone.delete(row);
        } else if (k === KIND.delete_node) {
          // Its features now, in order with upserts; its edges in edges(), in order with edge ops.
          const nt = this.nodes[ix[j]];
          const row = nt.ids.lookupAt(b, sa[j], hs[2 * j]);
          if (row >= 0) {
            nt.features.set(row, this.zeros);
            nt.gone.add(row);
            g.s[j] = row;
            kind[j] = DROP;
          }
        } else if (k === KIND.add_edge) {
          const en = rels[ix[j]];
          g.s[j] = en.src.internAt(b, sa[j], hs[2 * j]);
          g.d[j] = en.dst.internAt(b, da[j], hs[2 * j + 1]);
          if (en.srcGone.size > 0) en.srcGone.delete(g.s[j]);
          if (en.dstGone.size > 0) en.dstGone.delete(g.d[j]);
          g.t[j] = t;
          kind[j] = ADD;
        } else if (k === KIND.delete_edge) {
          const en = rels[ix[j]];
          const s = en.src.lookupAt(b, sa[j], hs[2 * j]),
            d = en.dst.lookupAt(b, da[j], hs[2 * j + 1]);
          g.s[j] = s;
          g.d[j] = d;
          if (s >= 0 && d >= 0) kind[j] = DELETE;
        }
      }
    }
    return newest;
  }

  /** Prefetch then apply the round's edges, in order; an add's edge data is read from `view` (the record's). */
  private edges(view: DataView): void {
    const { s, d, t, kind, ix, n, ea } = this.round,
      rels = this.rels,
      words = this.words;
    let acc = 0;
    for (let j = 0; j < n; j++) if (kind[j] === ADD || kind[j] === DELETE) acc ^= rels[ix[j]].r.touch(s[j], d[j]);
    this.sink ^= acc;
    for (let j = 0; j < n; j++) {
      if (kind[j] === ADD) {
        const r = rels[ix[j]].r,
          e = r.add(s[j], d[j], t[j]);
        if (words[ix[j]] > 0) r.data!.write(e, view, ea[j]);
      } else if (kind[j] === DELETE) rels[ix[j]].r.delete(s[j], d[j]);
      else if (kind[j] === DROP) this.drops.drop(ix[j], s[j]);
    }
  }
}
