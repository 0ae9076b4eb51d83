import { fingerprintA, fingerprintB, type EventIds } from './event-ids.ts';
import type { GraphEvent } from './events.ts';
import { hashString } from './hash.ts';
import type { Relation } from './relation.ts';
import type { NodeTable } from './store.ts';
import type { StringIds } from './string-ids.ts';

/** A relation and its endpoints' id maps. */
export interface Ends {
  readonly r: Relation;
  readonly src: StringIds;
  readonly dst: StringIds;
}

/**
 * Ops per round. A round prefetches about ten cache lines per op (event id, two id table
 * entries, offsets and characters, identity hash entry, two index heads); 1024 ops keep them
 * within this machine's 1 MiB L2 until the round uses them.
 */
const ROUND_OPS = 1024;
const NONE = 0, ADD = 1, DELETE = 2;

/**
 * Applies validated events in rounds of about ROUND_OPS ops. At 10M edges every structure an op
 * touches is far larger than the caches, and one op at a time waits for ~10 cache misses in
 * turn (each load's address comes from the one before). So each round first runs over all its
 * ops doing only independent loads, stage by stage (id table entries, then id offsets, then id
 * characters; after interning, identity hash entries and index heads), which the CPU overlaps,
 * then does the real work in order against warm caches. The result is exactly that of applying
 * op by op: ids are interned and edges applied in batch order, and relations do not interact.
 */
export class BatchApply {
  private ends: (Ends | undefined)[] = [];
  /** Per op: hashString of src and dst (2j, 2j + 1), then the id arena offsets the prefetch found. */
  private hs = new Int32Array(0);
  private at = new Int32Array(0);
  private s = new Int32Array(0);
  private d = new Int32Array(0);
  private t = new Float64Array(0);
  private kind = new Uint8Array(0);
  /** Per event of a round: its id's fingerprint. */
  private fa = new Uint32Array(0);
  private fb = new Uint32Array(0);
  /** Where the prefetch loads go, so the compiler cannot drop them. */
  sink = 0;

  constructor(private readonly nodes: ReadonlyMap<string, NodeTable>, private readonly rels: ReadonlyMap<string, Ends>, private readonly applied: EventIds) {}

  /** Apply events in order; an event id seen before is skipped whole. Returns the newest stored event time, starting from `newest`. */
  run(events: readonly GraphEvent[], newest: number): number {
    for (let e0 = 0; e0 < events.length; ) {
      let e1 = e0, n = 0;
      while (e1 < events.length && (n === 0 || n + events[e1].ops.length <= ROUND_OPS)) n += events[e1++].ops.length;
      this.room(n, e1 - e0);
      this.prefetchIds(events, e0, e1);
      newest = this.intern(events, e0, e1, newest);
      this.edges(n);
      e0 = e1;
    }
    return newest;
  }

  private prefetchIds(events: readonly GraphEvent[], e0: number, e1: number): void {
    const { hs, at, ends } = this;
    let acc = 0, j = 0;
    for (let e = e0; e < e1; e++) {
      const ev = events[e];
      const a = fingerprintA(ev.id);
      this.fa[e - e0] = a;
      this.fb[e - e0] = fingerprintB(ev.id, a);
      acc ^= this.applied.touch(a);
      // An event names the same node in several ops (an edge and its reverse): hash it once.
      let ps = '', ph = 0, qs = '', qh = 0;
      for (const op of ev.ops) {
        if (op.op === 'upsert_node') {
          ends[j++] = undefined;
          continue;
        }
        const en = this.rels.get(op.rel)!;
        const h1 = op.src === ps ? ph : op.src === qs ? qh : hashString(op.src);
        const h2 = op.dst === ps ? ph : op.dst === qs ? qh : op.dst === op.src ? h1 : hashString(op.dst);
        ps = op.src;
        ph = h1;
        qs = op.dst;
        qh = h2;
        ends[j] = en;
        hs[2 * j] = h1;
        hs[2 * j + 1] = h2;
        acc ^= en.src.touchTable(h1) ^ en.dst.touchTable(h2);
        j++;
      }
    }
    for (let k = 0; k < j; k++) {
      const en = ends[k];
      if (en === undefined) continue;
      at[2 * k] = en.src.touchStart(hs[2 * k]);
      at[2 * k + 1] = en.dst.touchStart(hs[2 * k + 1]);
    }
    for (let k = 0; k < j; k++) {
      const en = ends[k];
      if (en !== undefined) acc ^= en.src.touchArena(at[2 * k]) ^ en.dst.touchArena(at[2 * k + 1]);
    }
    this.sink ^= acc;
  }

  /** In batch order: skip redelivered events, set features, intern edge ends. Returns the newest stored time. */
  private intern(events: readonly GraphEvent[], e0: number, e1: number, newest: number): number {
    const { hs, ends, kind } = this;
    let j = 0;
    for (let e = e0; e < e1; e++) {
      const ev = events[e];
      if (!this.applied.addFingerprint(this.fa[e - e0], this.fb[e - e0])) {
        kind.fill(NONE, j, j + ev.ops.length);
        j += ev.ops.length;
        continue;
      }
      const t = Math.floor(ev.time) + 1;
      if (t > newest) newest = t;
      for (const op of ev.ops) {
        const en = ends[j];
        kind[j] = NONE;
        if (op.op === 'upsert_node') {
          const n = this.nodes.get(op.type)!;
          n.features.set(n.ids.intern(op.id), op.x);
        } else if (op.op === 'add_edge') {
          this.s[j] = en!.src.intern(op.src, hs[2 * j]);
          this.d[j] = en!.dst.intern(op.dst, hs[2 * j + 1]);
          this.t[j] = t;
          kind[j] = ADD;
        } else {
          const s = en!.src.lookup(op.src, hs[2 * j]), d = en!.dst.lookup(op.dst, hs[2 * j + 1]);
          this.s[j] = s;
          this.d[j] = d;
          if (s >= 0 && d >= 0) kind[j] = DELETE;
        }
        j++;
      }
    }
    return newest;
  }

  /** Prefetch then apply the round's n ops' edges, in order. */
  private edges(n: number): void {
    const { s, d, kind, ends } = this;
    let acc = 0;
    for (let j = 0; j < n; j++) if (kind[j] !== NONE) acc ^= ends[j]!.r.touch(s[j], d[j]);
    this.sink ^= acc;
    for (let j = 0; j < n; j++) {
      if (kind[j] === ADD) ends[j]!.r.add(s[j], d[j], this.t[j]);
      else if (kind[j] === DELETE) ends[j]!.r.delete(s[j], d[j]);
    }
  }

  /** Scratch for n ops and m events (a round holds more than ROUND_OPS ops only when one event does). */
  private room(n: number, m: number): void {
    if (this.kind.length < n) {
      const c = Math.max(n, ROUND_OPS);
      this.hs = new Int32Array(2 * c);
      this.at = new Int32Array(2 * c);
      this.s = new Int32Array(c);
      this.d = new Int32Array(c);
      this.t = new Float64Array(c);
      this.kind = new Uint8Array(c);
    }
    if (this.fa.length < m) {
      this.fa = new Uint32Array(Math.max(m, ROUND_OPS));
      this.fb = new Uint32Array(Math.max(m, ROUND_OPS));
    }
  }
}
