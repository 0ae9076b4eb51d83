import type { EdgeField } from './edge-table.ts';
import { tableSize } from '../base/hash.ts';
import { edgeHash, fillHash, hashEntry, type HashFill } from '../base/maintain-kernels.ts';
import { INLINE, type Maintainer, type Pending } from '../base/maintainer.ts';
import { TOMBSTONE } from '../base/slot-layout.ts';

/** Slots one relation can index: entries keep 26 bits for slot+1 and 5 for a hash tag. */
export const MAX_SLOTS = (1 << 26) - 2;
const SLOT = (1 << 26) - 1;
const TAG = 31 << 26;
/** Load factors (eighths): past GROW the table is rebuilt twice as large; past FULL an insert waits for that rebuild. */
const GROW = 6,
  FULL = 7;

/**
 * Edge identity (src, dst) → slot, within one relation. The table holds slot+1 (0 = empty) and
 * five more bits of the key's hash; keys are read back from the relation's edge table,
 * so identity costs 4 bytes per table entry and no per-edge objects. The tag lets a probe skip
 * an entry without reading the table: a new edge (the common case in ingest) then costs about
 * one cache miss instead of one per occupied entry probed. Linear probing, backward-shift deletion.
 *
 * Growing rebuilds the table from the edge chunks (fillHash), by the Maintainer: on a worker,
 * inserts go on into the old table meanwhile (it is 3/4 full, and a rebuild took a fraction of
 * a second at 10M edges in `npm run bench -- graph` on the 2 × AMD EPYC, 2 cores machine, 29 Nov 2026), and the new table, once installed, takes the slots added and removed since.
 */
export class EdgeHash {
  table: Int32Array;
  size = 0;
  /** The rebuild under way, the slots it covers, and the slots below that removed meanwhile. */
  private pending: Pending<HashFill> | undefined;
  private pendingN = 0;
  private readonly removed: number[] = [];

  /** ts tells which slots are indexed: every slot below the edge count whose time is not TOMBSTONE. */
  constructor(
    private readonly src: EdgeField,
    private readonly dst: EdgeField,
    private readonly ts: EdgeField,
    private readonly maintainer: Maintainer = INLINE,
  ) {
    this.table = new Int32Array(tableSize(0));
  }

  private hash(s: number, d: number): number {
    return edgeHash(s, d);
  }

  /** Slot of edge (s, d), or -1. */
  find(s: number, d: number): number {
    const mask = this.table.length - 1;
    const h = this.hash(s, d);
    const tag = (h >>> 27) << 26;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const v = this.table[i];
      if (v === 0) return -1;
      if ((v & TAG) !== tag) continue;
      const e = (v & SLOT) - 1;
      if (this.src.get(e) === s && this.dst.get(e) === d) return e;
    }
  }

  /** Load the entry where (s, d)'s probe starts: a batch runs this over its edges first, so their cache misses overlap. */
  touch(s: number, d: number): number {
    return this.table[this.hash(s, d) & (this.table.length - 1)];
  }

  /**
   * Slot of edge (s, d) when present; else record slot `e` for it (the caller then writes slot e
   * with s and d) and return -1. One hash and one probe: a new edge goes where the search ended.
   */
  findOrInsert(s: number, d: number, e: number): number {
    const mask = this.table.length - 1;
    const h = this.hash(s, d);
    const tag = (h >>> 27) << 26;
    let i = h & mask;
    for (; ; i = (i + 1) & mask) {
      const v = this.table[i];
      if (v === 0) break;
      if ((v & TAG) !== tag) continue;
      const f = (v & SLOT) - 1;
      if (this.src.get(f) === s && this.dst.get(f) === d) return f;
    }
    if ((this.size + 1) * 8 > this.table.length * GROW) {
      if (!this.pending) this.start(e, this.table.length * 2);
      this.settle((this.size + 1) * 8 > this.table.length * FULL, e);
      const m = this.table.length - 1;
      for (i = h & m; this.table[i] !== 0; i = (i + 1) & m);
    }
    this.table[i] = tag | (e + 1);
    this.size++;
    return -1;
  }

  get growing(): boolean {
    return this.pending !== undefined;
  }

  /** Start rebuilding over slots [0, n) into a table of `size` entries; the caller settles. */
  private start(n: number, size: number): void {
    this.pending = this.maintainer.hash(this.ts.chunks, n, size);
    this.pendingN = n;
  }

  /**
   * Install the rebuilt table when it is ready (waiting for it if `wait`), then bring it up to
   * date: slots from pendingN to n were added to the old table meanwhile, and slots below
   * pendingN removed meanwhile may or may not have been seen removed by the rebuild.
   */
  settle(wait: boolean, n: number): void {
    const done = this.pending?.take(wait);
    if (!done) return;
    this.pending = undefined;
    this.table = done.table;
    this.size = done.size;
    for (let e = this.pendingN; e < n; e++) if (this.ts.get(e) !== TOMBSTONE) this.place(e);
    for (const e of this.removed) if (this.has(e)) this.remove(e);
    this.removed.length = 0;
  }

  /** Drop a rebuild under way (compaction renumbers the slots it read). */
  private cancel(): void {
    this.pending?.cancel();
    this.pending = undefined;
    this.removed.length = 0;
  }

  /** Enter slot e, known absent. */
  private place(e: number): void {
    const mask = this.table.length - 1;
    const h = this.hash(this.src.get(e), this.dst.get(e));
    let i = h & mask;
    while (this.table[i] !== 0) i = (i + 1) & mask;
    this.table[i] = hashEntry(h, e);
    this.size++;
  }

  /** Whether slot e is entered. */
  private has(e: number): boolean {
    const mask = this.table.length - 1;
    for (let i = this.home(e); this.table[i] !== 0; i = (i + 1) & mask)
      if ((this.table[i] & SLOT) === e + 1) return true;
    return false;
  }

  private home(e: number): number {
    return this.hash(this.src.get(e), this.dst.get(e)) & (this.table.length - 1);
  }

  remove(e: number): void {
    if (this.pending && e < this.pendingN) this.removed.push(e);
    const mask = this.table.length - 1;
    let i = this.home(e);
    while ((this.table[i] & SLOT) !== e + 1) i = (i + 1) & mask;
    // Backward shift: pull later entries of the probe run into the hole when their home allows it.
    for (let j = (i + 1) & mask; this.table[j] !== 0; j = (j + 1) & mask) {
      const h = this.home((this.table[j] & SLOT) - 1);
      if (((j - h) & mask) >= ((j - i) & mask)) {
        this.table[i] = this.table[j];
        i = j;
      }
    }
    this.table[i] = 0;
    this.size--;
  }

  /** Rebuild over slots [0, n) (after compaction renumbered them). */
  rebuild(n: number): void {
    this.cancel();
    let live = 0;
    for (let e = 0; e < n; e++) if (this.ts.get(e) !== TOMBSTONE) live++;
    const { table, size } = fillHash(this.ts.chunks, n, tableSize(live));
    this.table = table;
    this.size = size;
  }
}
