import type { U32Column } from './columns.ts';
import { mix32, tableSize } from './hash.ts';

/**
 * Edge identity (src, dst) → slot, within one relation. The table holds only slot+1 (0 = empty);
 * keys are read back from the relation's src/dst columns, so identity costs 4 bytes per table
 * entry and no per-edge objects. Linear probing with backward-shift deletion (no tombstones).
 */
export class EdgeHash {
  table: Int32Array;
  size = 0;

  constructor(private readonly src: U32Column, private readonly dst: U32Column, capacity = 0) {
    this.table = new Int32Array(tableSize(capacity));
  }

  private home(s: number, d: number): number {
    return mix32(Math.imul(s, 0x9e3779b1) ^ d) & (this.table.length - 1);
  }

  /** Slot of edge (s, d), or -1. */
  find(s: number, d: number): number {
    const mask = this.table.length - 1;
    for (let i = this.home(s, d); ; i = (i + 1) & mask) {
      const v = this.table[i];
      if (v === 0) return -1;
      if (this.src.get(v - 1) === s && this.dst.get(v - 1) === d) return v - 1;
    }
  }

  /** Add slot e, whose key is not present. */
  insert(e: number): void {
    if ((this.size + 1) * 4 > this.table.length * 3) this.rehash(this.table.length * 2);
    this.place(e);
    this.size++;
  }

  private place(e: number): void {
    const mask = this.table.length - 1;
    let i = this.home(this.src.get(e), this.dst.get(e));
    while (this.table[i] !== 0) i = (i + 1) & mask;
    this.table[i] = e + 1;
  }

  remove(e: number): void {
    const mask = this.table.length - 1;
    let i = this.home(this.src.get(e), this.dst.get(e));
    while (this.table[i] !== e + 1) i = (i + 1) & mask;
    // Backward shift: pull later entries of the probe run into the hole when their home allows it.
    for (let j = (i + 1) & mask; this.table[j] !== 0; j = (j + 1) & mask) {
      const v = this.table[j] - 1;
      const h = this.home(this.src.get(v), this.dst.get(v));
      if (((j - h) & mask) >= ((j - i) & mask)) {
        this.table[i] = this.table[j];
        i = j;
      }
    }
    this.table[i] = 0;
    this.size--;
  }

  /** Rebuild for slots [0, n) where keep(slot) holds (after compaction renumbered them). */
  rebuild(n: number, keep: (e: number) => boolean): void {
    let live = 0;
    for (let e = 0; e < n; e++) if (keep(e)) live++;
    this.table = new Int32Array(tableSize(live));
    this.size = 0;
    for (let e = 0; e < n; e++) if (keep(e)) { this.place(e); this.size++; }
  }

  private rehash(size: number): void {
    const old = this.table;
    this.table = new Int32Array(size);
    for (const v of old) if (v !== 0) this.place(v - 1);
  }
}
