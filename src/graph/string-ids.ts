import { U16Column, U32Column } from './columns.ts';
import { hashString, tableSize } from './hash.ts';

/**
 * External string ids ↔ dense indices for one node type. The characters live in one UTF-16
 * arena and the table holds index+1, so an id costs its characters plus about 12 bytes,
 * against ~80 for a Map<string, number> entry: at 1.5M nodes that is the difference between
 * ~4 and ~12 bytes per edge.
 */
export class StringIds {
  private readonly chars = new U16Column();
  /** ends[i] = end of id i's characters in the arena (its start is ends[i-1], or 0). */
  private readonly ends = new U32Column();
  private table: Int32Array = new Int32Array(16);

  get size(): number {
    return this.ends.length;
  }

  private start(i: number): number {
    return i === 0 ? 0 : this.ends.get(i - 1);
  }

  private equals(i: number, s: string): boolean {
    const a = this.start(i);
    if (this.ends.get(i) - a !== s.length) return false;
    for (let k = 0; k < s.length; k++) if (this.chars.get(a + k) !== s.charCodeAt(k)) return false;
    return true;
  }

  /** Dense index of id, or -1 when it was never seen. */
  lookup(id: string): number {
    const mask = this.table.length - 1;
    for (let i = hashString(id) & mask; ; i = (i + 1) & mask) {
      const v = this.table[i];
      if (v === 0) return -1;
      if (this.equals(v - 1, id)) return v - 1;
    }
  }

  /** Dense index of id, assigning the next one when it is new. */
  intern(id: string): number {
    const mask = this.table.length - 1;
    let i = hashString(id) & mask;
    for (; ; i = (i + 1) & mask) {
      const v = this.table[i];
      if (v === 0) break;
      if (this.equals(v - 1, id)) return v - 1;
    }
    const n = this.ends.length;
    for (let k = 0; k < id.length; k++) this.chars.push(id.charCodeAt(k));
    this.ends.push(this.chars.length);
    this.table[i] = n + 1;
    if ((n + 1) * 4 > this.table.length * 3) this.rehash();
    return n;
  }

  /** The external id of index i. */
  idOf(i: number): string {
    const a = this.start(i);
    const b = this.ends.get(i);
    let s = '';
    for (let k = a; k < b; k++) s += String.fromCharCode(this.chars.get(k));
    return s;
  }

  private rehash(): void {
    this.table = new Int32Array(tableSize(this.ends.length + 1) * 2);
    const mask = this.table.length - 1;
    for (let n = 0; n < this.ends.length; n++) {
      let i = hashString(this.idOf(n)) & mask;
      while (this.table[i] !== 0) i = (i + 1) & mask;
      this.table[i] = n + 1;
    }
  }

  bytes(): number {
    return this.chars.bytes() + this.ends.bytes() + this.table.byteLength;
  }

  /** Arena and table as arrays, for snapshots; `restore` takes them back verbatim (no rehash). */
  dump(): { chars: Uint16Array; ends: Uint32Array; table: Int32Array } {
    return { chars: this.chars.toArray(), ends: this.ends.toArray(), table: this.table };
  }

  restore(d: { chars: Uint16Array; ends: Uint32Array; table: Int32Array }): void {
    this.chars.fromArray(d.chars);
    this.ends.fromArray(d.ends);
    this.table = d.table;
  }
}
