import { Adjacency } from './adjacency.ts';
import { EdgeData } from './edge-data.ts';
import { EdgeHash } from './edge-hash.ts';
import { EdgeTable, type EdgeField } from './edge-table.ts';
import type { SlotIndex } from '../base/maintain-kernels.ts';
import { INLINE, type Maintainer, type Pending } from '../base/maintainer.ts';
import type { RelationView } from './relation-view.ts';
import { DST, SRC, TOMBSTONE } from '../base/slot-layout.ts';

/** Merge the linked lists into the CSR once they hold this many slots and at least as many as the CSR (so merging costs O(1) amortized per edge). */
const MERGE_MIN = 1 << 15;

/**
 * The edges of one relation `src__rel__dst`: src, dst, ts per slot (12 bytes, interleaved), an
 * identity hash on (src, dst), and an index by destination and by source. Deleting marks the
 * slot with TOMBSTONE; compaction renumbers slots to reclaim them.
 *
 * Merges and hash growth are bulk jobs for the Maintainer. On a worker, ingest goes on while
 * they run: the old index takes the new edges meanwhile, and the result is installed (with
 * those edges added to it) between two batches, in maintain().
 */
export class Relation implements RelationView {
  readonly edges: EdgeTable;
  readonly src: EdgeField;
  readonly dst: EdgeField;
  readonly ts: EdgeField;
  readonly hash: EdgeHash;
  readonly byDst: Adjacency;
  readonly bySrc: Adjacency;
  /** What each edge carries (weight, attributes), or undefined when its edges carry nothing: then it costs nothing. */
  readonly data: EdgeData | undefined;
  live = 0;
  /** The merge under way: the slots its CSRs cover, and the two jobs. */
  private merging: { n: number; byDst: Pending<SlotIndex>; bySrc: Pending<SlotIndex> } | undefined;

  constructor(
    readonly key: string,
    readonly srcType: string,
    readonly dstType: string,
    readonly ttl: number,
    private readonly mergeMin = MERGE_MIN,
    private readonly maintainer: Maintainer = INLINE,
    readonly edgeAttr = 0,
    readonly edgeWeight = false,
  ) {
    this.edges = new EdgeTable(maintainer.shared);
    const words = edgeAttr + (edgeWeight ? 1 : 0);
    this.data = words > 0 ? new EdgeData(words, maintainer.shared, edgeWeight) : undefined;
    this.src = this.edges.src;
    this.dst = this.edges.dst;
    this.ts = this.edges.ts;
    this.hash = new EdgeHash(this.src, this.dst, this.ts, maintainer);
    this.byDst = new Adjacency(this.dst, this.src);
    this.bySrc = new Adjacency(this.src, this.dst);
  }

  get slots(): number {
    return this.edges.length;
  }

  get stored(): Relation {
    return this;
  }

  find(s: number, d: number): number {
    return this.hash.find(s, d);
  }

  /** Add edge (s, d) at stored time t, or refresh its time when it exists (never moves it back). Returns its slot (for its data). */
  add(s: number, d: number, t: number): number {
    const e = this.hash.findOrInsert(s, d, this.edges.length);
    if (e >= 0) {
      if (t > this.ts.get(e)) this.ts.set(e, t);
      return e;
    }
    const n = this.edges.push(s, d, t);
    this.byDst.link(n, d);
    this.bySrc.link(n, s);
    this.data?.ensure(n);
    this.live++;
    return n;
  }

  /** Load what add(s, d) will read first (identity hash entry, both index heads): BatchApply runs this over a round's edges before applying them, so their cache misses overlap. */
  touch(s: number, d: number): number {
    const hd = this.byDst.head,
      hs = this.bySrc.head;
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

  /**
   * Between batches, once finished jobs are installed (settle): keep the index cheap to read
   * (merge the lists into the CSR when they grow, in the background; compact when half the slots
   * are dead).
   */
  maintain(newest: number, numSrc: number, numDst: number): void {
    const delta = this.slots - this.byDst.baseN;
    if (this.slots - this.live > Math.max(this.mergeMin, this.live)) this.compact(newest, numSrc, numDst);
    else if (!this.merging && delta > Math.max(this.mergeMin, this.byDst.baseN))
      this.merge(newest, numSrc, numDst, true);
  }

  /**
   * Tombstone expired edges, then rebuild both CSRs over the visible slots: now, or with
   * `background`, by the Maintainer (installed by a later maintain()).
   */
  merge(newest: number, numSrc: number, numDst: number, background = false): void {
    this.dropMerge();
    this.expire(newest);
    const m = background ? this.maintainer : INLINE,
      n = this.slots,
      chunks = this.edges.chunks,
      d = this.data,
      w = d?.weighted ? { chunks: d.chunks, words: d.words } : undefined;
    d?.moves?.started(n);
    this.merging = {
      n,
      byDst: m.slotIndex(chunks, n, DST, numDst, w),
      bySrc: m.slotIndex(chunks, n, SRC, numSrc, w),
    };
    this.settleMerge(!background);
  }

  /** Install the background jobs that have finished; returns whether any is still running. */
  settle(): boolean {
    this.hash.settle(false, this.slots);
    this.settleMerge(false);
    return this.merging !== undefined || this.hash.growing;
  }

  /** Drop the merge under way, if any (a new merge or compaction supersedes it). */
  private dropMerge(): void {
    this.merging?.byDst.cancel();
    this.merging?.bySrc.cancel();
    this.merging = undefined;
  }

  private settleMerge(wait: boolean): void {
    const j = this.merging;
    const byDst = j?.byDst.take(wait),
      bySrc = byDst && j!.bySrc.take(wait);
    if (!bySrc) return;
    this.merging = undefined;
    this.data?.moves?.installed();
    this.byDst.install(byDst, j!.n, this.slots);
    this.bySrc.install(bySrc, j!.n, this.slots);
  }

  /** Reclaim dead and expired slots: renumber the survivors densely, rebuild hash and indexes. */
  compact(newest: number, numSrc: number, numDst: number): void {
    this.dropMerge();
    this.expire(newest);
    let w = 0;
    const data = this.data;
    data?.moves?.clear();
    for (let e = 0; e < this.slots; e++) {
      if (this.ts.get(e) === TOMBSTONE) continue;
      this.edges.move(e, w);
      data?.move(e, w);
      w++;
    }
    this.edges.truncate(w);
    data?.truncate(w);
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
    return (
      this.edges.bytes() +
      (this.data?.bytes() ?? 0) +
      this.hash.table.byteLength +
      this.byDst.bytes() +
      this.bySrc.bytes()
    );
  }
}
