import { TOMBSTONE } from './adjacency.ts';
import { CHUNK, CHUNK_BITS } from './columns.ts';
import type { EdgeField } from './edge-table.ts';
import { mix32, tableSize } from './hash.ts';

/** Slots one relation can index: entries keep 26 bits for slot+1 and 5 for a hash tag. */
export const MAX_SLOTS = (1 << 26) - 2;
const SLOT = (1 << 26) - 1;
const TAG = 31 << 26;

/**
 * Edge identity (src, dst) → slot, within one relation. The table holds slot+1 (0 = empty) and
 * five more bits of the key's hash; keys are read back from the relation's edge table,
 * so identity costs 4 bytes per table entry and no per-edge objects. The tag lets a probe skip
 * an entry without reading the table: a new edge (the common case in ingest) then costs about
 * one cache miss instead of one per occupied entry probed. Linear probing, backward-shift deletion.
 */
export class EdgeHash {
  table: Int32Array;
  size = 0;

  /** ts tells which slots are indexed: every slot below the edge count whose time is not TOMBSTONE. */
  constructor(private readonly src: EdgeField, private readonly dst: EdgeField, private readonly ts: EdgeField, capacity = 0) {
    this.table = new Int32Array(tableSize(capacity));
  }

  private hash(s: number, d: number): number {
    return mix32(Math.imul(s, 0x9e3779b1) ^ d);
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
    if ((this.size + 1) * 4 > this.table.length * 3) {
      this.fill(e, this.table.length * 2);
      const m = this.table.length - 1;
      for (i = h & m; this.table[i] !== 0; i = (i + 1) & m);
    }
    this.table[i] = tag | (e + 1);
    this.size++;
    return -1;
  }

  private home(e: number): number {
    return this.hash(this.src.get(e), this.dst.get(e)) & (this.table.length - 1);
  }

  remove(e: number): void {
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
    let live = 0;
    for (let e = 0; e < n; e++) if (this.ts.get(e) !== TOMBSTONE) live++;
    this.fill(n, tableSize(live));
  }

  /**
   * A new table of `size` entries holding the indexed slots below n. Walks the slots in order,
   * chunk by chunk, rather than the old table: the old table's order sends every entry's key
   * read to a random slot (a cache miss each), this one reads the edges sequentially.
   */
  private fill(n: number, size: number): void {
    const t = new Int32Array(size);
    const mask = size - 1;
    const chunks = this.ts.chunks, so = this.src.offset, dof = this.dst.offset, to = this.ts.offset;
    let count = 0;
    for (let c = 0; c * CHUNK < n; c++) {
      const ch = chunks[c], end = Math.min(CHUNK, n - c * CHUNK), base = (c << CHUNK_BITS) + 1;
      for (let k = 0, o = 0; k < end; k++, o += 3) {
        if (ch[o + to] === TOMBSTONE) continue;
        const h = this.hash(ch[o + so], ch[o + dof]);
        let i = h & mask;
        while (t[i] !== 0) i = (i + 1) & mask;
        t[i] = ((h >>> 27) << 26) | (base + k);
        count++;
      }
    }
    this.table = t;
    this.size = count;
  }
}
