import { MAX_ID_LENGTH } from './batch-codec.ts';
import { CHUNK, CHUNK_BITS, U32Column } from './columns.ts';
import { FNV_PRIME, FNV_SEED, hashString, mix32 } from './hash.ts';

const MASK = CHUNK - 1;
/** Ids one node type can hold: table entries keep 26 bits for index+1 and 5 for a hash tag. */
export const MAX_IDS = (1 << 26) - 2;
const INDEX = (1 << 26) - 1;
const TAG = 31 << 26;

/** Length-word bit of an id stored as 2-byte code units (some character is above U+00FF). */
const WIDE = 0x8000;

/**
 * External string ids ↔ dense indices for one node type. Each id is stored once, as a 2-byte
 * length word then its characters, one byte each when all are Latin-1 (ids are ASCII in
 * practice), else two; in arena chunks that no id straddles (so comparing is a plain loop
 * over one typed array); the table holds index+1 and five hash bits, so a probe passes other
 * ids without touching the arena. An id costs its characters plus ~14 bytes,
 * against ~80 for a Map<string, number> entry: at 1.5M nodes, ~4 instead of ~12 bytes per edge.
 */
export class StringIds {
  private readonly chunks: Uint8Array[] = [];
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
    const h = c[o] | (c[o + 1] << 8);
    o += 2;
    if ((h & MAX_ID_LENGTH) !== s.length) return false;
    if (h & WIDE) {
      for (let k = 0; k < s.length; k++, o += 2) if ((c[o] | (c[o + 1] << 8)) !== s.charCodeAt(k)) return false;
    } else {
      for (let k = 0; k < s.length; k++, o++) if (c[o] !== s.charCodeAt(k)) return false;
    }
    return true;
  }

  /** Dense index of id, or -1 when it was never seen; h is hashString(id) when the caller has it. */
  lookup(id: string, h = hashString(id)): number {
    const mask = this.table.length - 1;
    const tag = (h >>> 27) << 26;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const v = this.table[i];
      if (v === 0) return -1;
      if ((v & TAG) === tag && this.equals((v & INDEX) - 1, id)) return (v & INDEX) - 1;
    }
  }

  /** Dense index of id, assigning the next one when it is new; h is hashString(id) when the caller has it. */
  intern(id: string, h?: number): number {
    if (id === this.lastId) return this.lastIndex;
    this.lastId = id;
    return (this.lastIndex = this.find(id, h ?? hashString(id)));
  }

  /**
   * Prefetch, in three steps a batch runs over all its ids before interning them: `touchTable`
   * loads the table entry an id's probe starts at, `touchStart` the offset of the id it names,
   * `touchArena` the id's characters. Each step's loads are independent of each
   * other, so the CPU overlaps their cache misses, where the one-id-at-a-time lookup waits
   * for table, offset and arena in turn. Results are only hints (no probing past the first entry).
   */
  touchTable(h: number): number {
    return this.table[h & (this.table.length - 1)];
  }

  /** Arena offset of the id the table entry at h's home names when its tag matches h, else -1; loads that offset's column entry. */
  touchStart(h: number): number {
    const v = this.table[h & (this.table.length - 1)];
    return v !== 0 && (v & TAG) === ((h >>> 27) << 26) ? this.starts.get((v & INDEX) - 1) : -1;
  }

  touchArena(at: number): number {
    return at < 0 ? 0 : this.chunks[at >>> CHUNK_BITS][at & MASK];
  }

  private find(id: string, h: number): number {
    const mask = this.table.length - 1;
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

  /** Ids are at most MAX_ID_LENGTH characters (validation caps them), so one always fits a chunk. */
  private store(id: string): number {
    let wide = 0;
    for (let k = 0; k < id.length; k++) if (id.charCodeAt(k) > 0xff) wide = WIDE;
    const bytes = 2 + id.length * (wide ? 2 : 1);
    if ((this.used & MASK) + bytes > CHUNK || this.used === this.chunks.length * CHUNK) {
      this.used = this.chunks.length * CHUNK;
      this.chunks.push(new Uint8Array(CHUNK));
    }
    const at = this.used;
    const c = this.chunks[at >>> CHUNK_BITS];
    let o = at & MASK;
    c[o++] = (id.length | wide) & 0xff;
    c[o++] = (id.length | wide) >>> 8;
    for (let k = 0; k < id.length; k++) {
      const ch = id.charCodeAt(k);
      c[o++] = ch & 0xff;
      if (wide) c[o++] = ch >>> 8;
    }
    this.used += bytes;
    return at;
  }

  /** The external id of index i. */
  idOf(i: number): string {
    const at = this.starts.get(i);
    const c = this.chunks[at >>> CHUNK_BITS];
    let o = at & MASK;
    const h = c[o] | (c[o + 1] << 8);
    o += 2;
    const n = h & MAX_ID_LENGTH;
    if (!(h & WIDE)) return String.fromCharCode.apply(null, c.subarray(o, o + n) as unknown as number[]);
    let s = '';
    for (let k = 0; k < n; k++, o += 2) s += String.fromCharCode(c[o] | (c[o + 1] << 8));
    return s;
  }

  /** Rebuilt from the arena: each id's hashString over its stored code units, without making a string of it. */
  private rehash(size: number): void {
    this.table = new Int32Array(size);
    const mask = size - 1;
    for (let n = 0; n < this.starts.length; n++) {
      const h = this.hashAt(this.starts.get(n));
      let i = h & mask;
      while (this.table[i] !== 0) i = (i + 1) & mask;
      this.table[i] = ((h >>> 27) << 26) | (n + 1);
    }
  }

  /** hashString of the id stored at arena offset at (same code units, so the same value). */
  private hashAt(at: number): number {
    const c = this.chunks[at >>> CHUNK_BITS];
    let o = at & MASK;
    const w = c[o] | (c[o + 1] << 8);
    const n = w & MAX_ID_LENGTH;
    o += 2;
    let h = FNV_SEED;
    if (w & WIDE) for (let k = 0; k < n; k++, o += 2) h = Math.imul(h ^ (c[o] | (c[o + 1] << 8)), FNV_PRIME);
    else for (let k = 0; k < n; k++, o++) h = Math.imul(h ^ c[o], FNV_PRIME);
    return mix32(h);
  }

  bytes(): number {
    return this.chunks.length * CHUNK + this.starts.bytes() + this.table.byteLength;
  }

  /** Arena, offsets and table as copies, for snapshots; `restore` takes them back verbatim (no rehash). */
  dump(): { chars: Uint8Array; starts: Uint32Array; table: Int32Array } {
    const chars = new Uint8Array(this.used);
    this.chunks.forEach((c, k) => chars.set(c.subarray(0, Math.min(CHUNK, this.used - k * CHUNK)), k * CHUNK));
    return { chars, starts: this.starts.toArray(), table: this.table.slice() };
  }

  restore(d: { chars: Uint8Array; starts: Uint32Array; table: Int32Array }): void {
    this.chunks.length = 0;
    for (let at = 0; at < d.chars.length; at += CHUNK) {
      const c = new Uint8Array(CHUNK);
      c.set(d.chars.subarray(at, at + CHUNK));
      this.chunks.push(c);
    }
    this.used = d.chars.length;
    this.starts.fromArray(d.starts);
    this.table = d.table;
  }
}
