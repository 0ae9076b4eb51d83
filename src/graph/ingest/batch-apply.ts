import { grow } from '../base/columns.ts';
import { fingerprintAAt, fingerprintBAt, type EventIds } from './event-ids.ts';
import { hashId, sameId } from '../base/id-bytes.ts';
import type { Relation } from '../edges/relation.ts';
import type { NodeTable } from '../nodes/node-table.ts';
import type { StringIds } from '../nodes/string-ids.ts';
import { BatchReader, KIND } from './batch-record.ts';

/** The relation an op names: the relation that stores its edges and that one's endpoints' id maps; flip when the op's relation is the reverse of `r` (its src and dst are r's dst and src). */
export interface Ends {
  readonly r: Relation;
  readonly src: StringIds;
  readonly dst: StringIds;
  readonly flip: boolean;
}

/**
 * Ops per round. A round prefetches about eight cache lines per op (event id, two id table
 * slots and characters, identity hash entry, two index heads); 1024 ops (8 x 64 B x 1024 =
 * 512 KiB) keep them within a core's 1 MiB L2 (on the 2 × AMD EPYC, 2 cores machine that ran `npm run bench -- graph`, 29 Nov 2026) until the round uses them.
 */
const ROUND_OPS = 1024;
const NONE = 0, ADD = 1, DELETE = 2;
/** op byte of an op that repeats the one before it (see read): skipped. */
const REPEAT = 255;

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
  /** Per op of a round: its KIND byte, schema index, record offsets of its two ids (an upsert's: its id and features). */
  private op = new Uint8Array(0);
  private ix = new Uint8Array(0);
  private sa = new Int32Array(0);
  private da = new Int32Array(0);
  /** Per op: hashId of src and dst (2j, 2j + 1). */
  private hs = new Int32Array(0);
  private s = new Int32Array(0);
  private d = new Int32Array(0);
  private t = new Float64Array(0);
  private kind = new Uint8Array(0);
  /** Per event of a round: its id's fingerprint, time and op count. */
  private fa = new Uint32Array(0);
  private fb = new Uint32Array(0);
  private time = new Float64Array(0);
  private nops = new Uint32Array(0);
  /** Events and ops in the current round. */
  private m = 0;
  private n = 0;
  /** Where the prefetch loads go, so the compiler cannot drop them. */
  sink = 0;
  private readonly reader = new BatchReader();
  /** An upsert's features, on their way from the record to the node's row. */
  private readonly x: Float32Array;

  /** nodes and rels in schema order: a record names them by index. */
  constructor(private readonly nodes: readonly NodeTable[], private readonly rels: readonly Ends[], private readonly applied: EventIds) {
    this.x = new Float32Array(Math.max(0, ...nodes.map((t) => t.features.width)));
  }

  /** Apply the record's events in order; an event id seen before is skipped whole. Returns the newest stored event time, starting from `newest`. */
  run(bytes: Uint8Array, newest: number): number {
    const r = this.reader;
    r.start(bytes);
    for (let e = 0; e < r.count; e += this.m) {
      this.read(r.count - e);
      this.prefetchIds();
      newest = this.intern(bytes, newest);
      this.edges();
    }
    return newest;
  }

  /** Parse the round starting where the reader is, out of `left` events. */
  private read(left: number): void {
    const r = this.reader, b = r.bytes;
    let m = 0, n = 0;
    for (; m < left; m++) {
      const nops = r.opsAhead();
      if (n > 0 && n + nops > ROUND_OPS) break;
      this.room(n + nops, m + 1);
      r.event();
      const a = fingerprintAAt(b, r.idAt);
      this.fa[m] = a;
      this.fb[m] = fingerprintBAt(b, r.idAt, a);
      this.time[m] = r.time;
      this.nops[m] = nops;
      const { op, ix, sa, da, hs } = this;
      for (const first = n, end = n + nops; n < end; n++) {
        const k = r.op(), i = r.index;
        op[n] = k;
        ix[n] = i;
        if (k === KIND.upsert_node) {
          r.node(this.nodes[i].features.width);
          sa[n] = r.a;
          hs[2 * n] = hashId(b, r.a);
          da[n] = r.b;
          continue;
        }
        r.edge();
        // An op on a reverse relation is the turned-around op on its forward.
        const flip = this.rels[i].flip, s = flip ? r.b : r.a, d = flip ? r.a : r.b;
        sa[n] = s;
        da[n] = d;
        // Doing what the op before it just did (the same kind on the same stored edge, as when a
        // producer writes both directions of a link into a derived reverse relation), it would
        // change nothing (same time: no refresh; deleted: no-op), so it is dropped here.
        if (n > first && op[n - 1] === k && this.rels[ix[n - 1]].r === this.rels[i].r && sameId(b, s, b, sa[n - 1]) && sameId(b, d, b, da[n - 1])) {
          op[n] = REPEAT;
          continue;
        }
        hs[2 * n] = hashId(b, s);
        hs[2 * n + 1] = hashId(b, d);
      }
    }
    this.m = m;
    this.n = n;
  }

  private prefetchIds(): void {
    const { hs, op, ix, rels, n } = this;
    let acc = 0;
    for (let e = 0; e < this.m; e++) acc ^= this.applied.touch(this.fa[e]);
    for (let k = 0; k < n; k++) {
      if (op[k] === KIND.upsert_node || op[k] === REPEAT) continue;
      const en = rels[ix[k]];
      acc ^= en.src.touchTable(hs[2 * k]) ^ en.dst.touchTable(hs[2 * k + 1]);
    }
    for (let k = 0; k < n; k++) {
      if (op[k] === KIND.upsert_node || op[k] === REPEAT) continue;
      const en = rels[ix[k]];
      acc ^= en.src.touchArena(hs[2 * k]) ^ en.dst.touchArena(hs[2 * k + 1]);
    }
    this.sink ^= acc;
  }

  /** In batch order: skip redelivered events, set features, intern edge ends. Returns the newest stored time. */
  private intern(b: Uint8Array, newest: number): number {
    const { hs, op, ix, sa, da, kind, rels } = this;
    let j = 0;
    for (let e = 0; e < this.m; e++) {
      const end = j + this.nops[e];
      if (!this.applied.addFingerprint(this.fa[e], this.fb[e])) {
        kind.fill(NONE, j, end);
        j = end;
        continue;
      }
      const t = Math.floor(this.time[e]) + 1;
      if (t > newest) newest = t;
      for (; j < end; j++) {
        const k = op[j];
        kind[j] = NONE;
        if (k === KIND.upsert_node) {
          const nt = this.nodes[ix[j]];
          const row = nt.ids.internAt(b, sa[j], hs[2 * j]);
          nt.features.set(row, this.reader.features(da[j], nt.features.width, this.x));
        } else if (k === KIND.add_edge) {
          const en = rels[ix[j]];
          this.s[j] = en.src.internAt(b, sa[j], hs[2 * j]);
          this.d[j] = en.dst.internAt(b, da[j], hs[2 * j + 1]);
          this.t[j] = t;
          kind[j] = ADD;
        } else if (k === KIND.delete_edge) {
          const en = rels[ix[j]];
          const s = en.src.lookupAt(b, sa[j], hs[2 * j]), d = en.dst.lookupAt(b, da[j], hs[2 * j + 1]);
          this.s[j] = s;
          this.d[j] = d;
          if (s >= 0 && d >= 0) kind[j] = DELETE;
        }
      }
    }
    return newest;
  }

  /** Prefetch then apply the round's edges, in order. */
  private edges(): void {
    const { s, d, kind, ix, rels, n } = this;
    let acc = 0;
    for (let j = 0; j < n; j++) if (kind[j] !== NONE) acc ^= rels[ix[j]].r.touch(s[j], d[j]);
    this.sink ^= acc;
    for (let j = 0; j < n; j++) {
      if (kind[j] === ADD) rels[ix[j]].r.add(s[j], d[j], this.t[j]);
      else if (kind[j] === DELETE) rels[ix[j]].r.delete(s[j], d[j]);
    }
  }

  /** Scratch for n ops and m events, keeping what the round has read (a round holds more than ROUND_OPS ops only when one event does). */
  private room(n: number, m: number): void {
    if (this.op.length < n) {
      const c = Math.max(n, 2 * this.op.length, ROUND_OPS);
      this.op = grow(this.op, c);
      this.ix = grow(this.ix, c);
      this.sa = grow(this.sa, c);
      this.da = grow(this.da, c);
      this.hs = grow(this.hs, 2 * c);
      this.s = new Int32Array(c);
      this.d = new Int32Array(c);
      this.t = new Float64Array(c);
      this.kind = new Uint8Array(c);
    }
    if (this.fa.length < m) {
      const c = Math.max(m, 2 * this.fa.length, ROUND_OPS);
      this.fa = grow(this.fa, c);
      this.fb = grow(this.fb, c);
      this.time = grow(this.time, c);
      this.nops = grow(this.nops, c);
    }
  }
}
