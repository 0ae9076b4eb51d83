import { CHUNK, CHUNK_BITS, U32Column } from './columns.ts';
import { hashString } from './hash.ts';

const MASK = CHUNK - 1;
/** Ids one node type can hold: table entries keep 26 bits for index+1 and 5 for a hash tag. */
export const MAX_IDS = (1 << 26) - 2;
const INDEX = (1 << 26) - 1;
const TAG = 31 << 26;

/**
 * External string ids ↔ dense indices for one node type. Each id is stored once, as its length
 * then its UTF-16 code units, in arena chunks that no id straddles (so comparing is a plain loop
 * over one typed array); the table holds index+1 and five hash bits, so a probe passes other
 * ids without touching the arena. An id costs its characters plus ~14 bytes,
 * against ~80 for a Map<string, number> entry: at 1.5M nodes, ~4 instead of ~12 bytes per edge.
 */
export class StringIds {
  private readonly chunks: Uint16Array[] = [];
  private used = 0;
  /** Arena offset of each id's length word. */
  private readonly starts = new U32Column();
  private table: Int32Array = new Int32Array(16);
  /** The last id interned and its index: an event names the same node in several ops (an edge and its reverse). */
  private lastId = '';
  private lastIndex = -1;

  get size(): number {
    return this.starts.length;
  }

  private equals(i: number, s: string): boolean {
    const at = this.starts.get(i);
    const c = this.chunks[at >>> CHUNK_BITS];
    let o = at & MASK;
    if (c[o++] !== s.length) return false;
    for (let k = 0; k < s.length; k++, o++) if (c[o] !== s.charCodeAt(k)) return false;
    return true;
  }

  /** Dense index of id, or -1 when it was never seen. */
  lookup(id: string): number {
    const mask = this.table.length - 1;
    const h = hashString(id);
    const tag = (h >>> 27) << 26;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const v = this.table[i];
      if (v === 0) return -1;
      if ((v & TAG) === tag && this.equals((v & INDEX) - 1, id)) return (v & INDEX) - 1;
    }
  }

  /** Dense index of id, assigning the next one when it is new. Ids are at most CHUNK - 1 characters (validation caps them lower). */
  intern(id: string): number {
    if (id === this.lastId) return this.lastIndex;
    this.lastId = id;
    return (this.lastIndex = this.find(id));
  }

  private find(id: string): number {
    const mask = this.table.length - 1;
    const h = hashString(id);
    const tag = (h >>> 27) << 26;
    let i = h & mask;
    for (; ; i = (i + 1) & mask) {
      const v = this.table[i];
      if (v === 0) break;
      if ((v & TAG) === tag && this.equals((v & INDEX) - 1, id)) return (v & INDEX) - 1;
    }
    const n = this.starts.length;
    this.starts.push(this.store(id));
    this.table[i] = tag | (n + 1);
    if ((n + 1) * 4 > this.table.length * 3) this.rehash(this.table.length * 2);
    return n;
  }

  private store(id: string): number {
    if ((this.used & MASK) + id.length + 1 > CHUNK || this.used === this.chunks.length * CHUNK) {
      this.used = this.chunks.length * CHUNK;
      this.chunks.push(new Uint16Array(CHUNK));
    }
    const at = this.used;
    const c = this.chunks[at >>> CHUNK_BITS];
    let o = at & MASK;
    c[o++] = id.length;
    for (let k = 0; k < id.length; k++) c[o++] = id.charCodeAt(k);
    this.used += id.length + 1;
    return at;
  }

  /** The external id of index i. */
  idOf(i: number): string {
    const at = this.starts.get(i);
    const c = this.chunks[at >>> CHUNK_BITS];
    const o = at & MASK;
    return String.fromCharCode.apply(null, c.subarray(o + 1, o + 1 + c[o]) as unknown as number[]);
  }

  private rehash(size: number): void {
    this.table = new Int32Array(size);
    const mask = size - 1;
    for (let n = 0; n < this.starts.length; n++) {
      const h = hashString(this.idOf(n));
      let i = h & mask;
      while (this.table[i] !== 0) i = (i + 1) & mask;
      this.table[i] = ((h >>> 27) << 26) | (n + 1);
    }
  }

  bytes(): number {
    return this.chunks.length * CHUNK * 2 + this.starts.bytes() + this.table.byteLength;
  }

  /** Arena, offsets and table as copies, for snapshots; `restore` takes them back verbatim (no rehash). */
  dump(): { chars: Uint16Array; starts: Uint32Array; table: Int32Array } {
    const chars = new Uint16Array(this.used);
    this.chunks.forEach((c, k) => chars.set(c.subarray(0, Math.min(CHUNK, this.used - k * CHUNK)), k * CHUNK));
    return { chars, starts: this.starts.toArray(), table: this.table.slice() };
  }

  restore(d: { chars: Uint16Array; starts: Uint32Array; table: Int32Array }): void {
    this.chunks.length = 0;
    for (let at = 0; at < d.chars.length; at += CHUNK) {
      const c = new Uint16Array(CHUNK);
      c.set(d.chars.subarray(at, at + CHUNK));
      this.chunks.push(c);
    }
    this.used = d.chars.length;
    this.starts.fromArray(d.starts);
    this.table = d.table;
  }
}
