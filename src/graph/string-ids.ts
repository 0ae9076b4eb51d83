import { CHUNK, CHUNK_BITS, U32Column } from './columns.ts';
import { hashString } from './hash.ts';
import { MAX_ID_LENGTH, WIDE, hashId, idSize, sameId } from './id-bytes.ts';

const MASK = CHUNK - 1;
/** Ids one node type can hold: table entries keep 26 bits for index+1 and 5 for a hash tag. */
export const MAX_IDS = (1 << 26) - 2;
const INDEX = (1 << 26) - 1;
const TAG = 31 << 26;

/**
 * External string ids ↔ dense indices for one node type. Each id is stored once, in the byte
 * form of batch records (id-bytes.ts: a length word then its characters, one byte each when all
 * are Latin-1, as ids are in practice), so ingest interns straight from a record's bytes; in
 * arena chunks that no id straddles (so comparing is a plain loop
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
  /** The last id interned, by hash and index: an event names the same node in several ops (an edge and its reverse). */
  private lastHash = 0;
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

  /** Whether index i's id is the id at buf[at]. */
  private equalsAt(i: number, buf: Uint8Array, at: number): boolean {
    const a = this.starts.get(i);
    return sameId(this.chunks[a >>> CHUNK_BITS], a & MASK, buf, at);
  }

  /** Dense index of id, or -1 when it was never seen. */
  lookup(id: string): number {
    const h = hashString(id);
    const mask = this.table.length - 1;
    const tag = (h >>> 27) << 26;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const v = this.table[i];
      if (v === 0) return -1;
      if ((v & TAG) === tag && this.equals((v & INDEX) - 1, id)) return (v & INDEX) - 1;
    }
  }

  /** Dense index of the id at buf[at] (id-bytes.ts form), or -1 when it was never seen; h is its hashId. */
  lookupAt(buf: Uint8Array, at: number, h: number): number {
    const mask = this.table.length - 1;
    const tag = (h >>> 27) << 26;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const v = this.table[i];
      if (v === 0) return -1;
      if ((v & TAG) === tag && this.equalsAt((v & INDEX) - 1, buf, at)) return (v & INDEX) - 1;
    }
  }

  /** Dense index of the id at buf[at], assigning the next one when it is new; h is its hashId. */
  internAt(buf: Uint8Array, at: number, h: number): number {
    if (h === this.lastHash && this.lastIndex >= 0 && this.equalsAt(this.lastIndex, buf, at)) return this.lastIndex;
    this.lastHash = h;
    return (this.lastIndex = this.find(buf, at, h));
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

  private find(buf: Uint8Array, at: number, h: number): number {
    const mask = this.table.length - 1;
    const tag = (h >>> 27) << 26;
    let i = h & mask;
    for (; ; i = (i + 1) & mask) {
      const v = this.table[i];
      if (v === 0) break;
      if ((v & TAG) === tag && this.equalsAt((v & INDEX) - 1, buf, at)) return (v & INDEX) - 1;
    }
    const n = this.starts.length;
    this.starts.push(this.store(buf, at));
    this.table[i] = tag | (n + 1);
    if ((n + 1) * 4 > this.table.length * 3) this.rehash(this.table.length * 2);
    return n;
  }

  /** Copy the id at buf[from] into the arena. Ids are at most MAX_ID_LENGTH characters (validation caps them), so one always fits a chunk. */
  private store(buf: Uint8Array, from: number): number {
    const bytes = idSize(buf, from);
    if ((this.used & MASK) + bytes > CHUNK || this.used === this.chunks.length * CHUNK) {
      this.used = this.chunks.length * CHUNK;
      this.chunks.push(new Uint8Array(CHUNK));
    }
    const at = this.used;
    const c = this.chunks[at >>> CHUNK_BITS];
    // A loop, not set(subarray): ids are a few bytes, where a view object per id costs more.
    for (let k = 0, o = at & MASK; k < bytes; k++) c[o + k] = buf[from + k];
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
      const at = this.starts.get(n);
      const h = hashId(this.chunks[at >>> CHUNK_BITS], at & MASK);
      let i = h & mask;
      while (this.table[i] !== 0) i = (i + 1) & mask;
      this.table[i] = ((h >>> 27) << 26) | (n + 1);
    }
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
    this.lastIndex = -1;
  }
}
