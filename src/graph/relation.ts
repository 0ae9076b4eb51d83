import { Adjacency, TOMBSTONE } from './adjacency.ts';
import { EdgeHash } from './edge-hash.ts';
import { EdgeTable } from './edge-table.ts';

/** Merge the linked lists into the CSR once they hold this many slots and at least as many as the CSR (so merging costs O(1) amortized per edge). */
export const MERGE_MIN = 1 << 15;

/**
 * The edges of one relation `src__rel__dst`: src, dst, ts per slot (12 bytes, interleaved), an
 * identity hash on (src, dst), and an index by destination and by source. Deleting marks the
 * slot with TOMBSTONE; compaction renumbers slots to reclaim them.
 */
export class Relation {
  readonly edges = new EdgeTable();
  readonly src = this.edges.src;
  readonly dst = this.edges.dst;
  readonly ts = this.edges.ts;
  readonly hash = new EdgeHash(this.src, this.dst, this.ts);
  readonly byDst = new Adjacency(this.dst, this.src);
  readonly bySrc = new Adjacency(this.src, this.dst);
  live = 0;

  constructor(readonly key: string, readonly srcType: string, readonly dstType: string, readonly ttl: number, private readonly mergeMin = MERGE_MIN) {}

  get slots(): number {
    return this.edges.length;
  }

  /** Add edge (s, d) at stored time t, or refresh its time when it exists (never moves it back). */
  add(s: number, d: number, t: number): void {
    const e = this.hash.findOrInsert(s, d, this.edges.length);
    if (e >= 0) {
      if (t > this.ts.get(e)) this.ts.set(e, t);
      return;
    }
    const n = this.edges.push(s, d, t);
    this.byDst.link(n, d);
    this.bySrc.link(n, s);
    this.live++;
  }

  /** Load what add(s, d) will read first (identity hash entry, both index heads): see GraphStore.apply. */
  touch(s: number, d: number): number {
    const hd = this.byDst.head, hs = this.bySrc.head;
    return this.hash.touch(s, d) ^ (d < hd.length ? hd[d] : 0) ^ (s < hs.length ? hs[s] : 0);
  }

  delete(s: number, d: number): void {
    const e = this.hash.find(s, d);
    if (e < 0) return;
    this.hash.remove(e);
    this.ts.set(e, TOMBSTONE);
    this.live--;
  }

  /** Oldest stored time still visible when the newest stored event time is `newest`. */
  minTs(newest: number): number {
    return Math.max(1, newest - this.ttl);
  }

  /** Keep the index cheap to read: merge the lists into the CSR when they grow, compact when half the slots are dead. */
  maintain(newest: number, numSrc: number, numDst: number): void {
    const delta = this.slots - this.byDst.baseN;
    if (this.slots - this.live > Math.max(this.mergeMin, this.live)) this.compact(newest, numSrc, numDst);
    else if (delta > Math.max(this.mergeMin, this.byDst.baseN)) this.merge(newest, numSrc, numDst);
  }

  /** Tombstone expired edges, then rebuild both CSRs over the visible slots. */
  merge(newest: number, numSrc: number, numDst: number): void {
    this.expire(newest);
    this.byDst.rebuild(this.slots, numDst, this.ts);
    this.bySrc.rebuild(this.slots, numSrc, this.ts);
  }

  /** Reclaim dead and expired slots: renumber the survivors densely, rebuild hash and indexes. */
  compact(newest: number, numSrc: number, numDst: number): void {
    this.expire(newest);
    const { src, dst, ts } = this;
    let w = 0;
    for (let e = 0; e < this.slots; e++) {
      const t = ts.get(e);
      if (t === TOMBSTONE) continue;
      src.set(w, src.get(e));
      dst.set(w, dst.get(e));
      ts.set(w, t);
      w++;
    }
    this.edges.truncate(w);
    this.hash.rebuild(w);
    this.merge(newest, numSrc, numDst);
  }

  private expire(newest: number): void {
    const min = this.minTs(newest);
    if (min <= 1) return;
    for (let e = 0; e < this.slots; e++) {
      const t = this.ts.get(e);
      if (t !== TOMBSTONE && t < min) {
        this.hash.remove(e);
        this.ts.set(e, TOMBSTONE);
        this.live--;
      }
    }
  }

  bytes(): number {
    return this.edges.bytes() + this.hash.table.byteLength + this.byDst.bytes() + this.bySrc.bytes();
  }
}
