import { CHUNK, CHUNK_BITS, U32Column, typedArray } from '../base/columns.ts';
import { tableSize } from '../base/hash.ts';
import { MAX_ID_LENGTH, hashId, idSize, readId, sameId, writeId } from '../base/id-bytes.ts';
import { fillIds, idEntry, placeIds } from '../base/maintain-kernels.ts';
import { INLINE, type Maintainer, type Pending } from '../base/maintainer.ts';

const MASK = CHUNK - 1;
/** lookup(string) writes its id here in byte form; grown to the longest id asked for. */
let scratch = new Uint8Array(64);
/** Ids one node type can hold: table entries keep 26 bits for index+1 and 5 for a hash tag. */
export const MAX_IDS = (1 << 26) - 2;
const INDEX = (1 << 26) - 1;
const TAG = 31 << 26;

/**
 * External string ids ↔ dense indices for one node type. Each id is stored once, in the byte
 * form of batch records (id-bytes.ts: a length word then its characters, one byte each when all
 * are Latin-1, as ids are in practice), so ingest interns straight from a record's bytes; in
 * arena chunks that no id straddles (so comparing is a plain loop
 * over one typed array). A table slot is two words: index+1 with five hash bits, so a probe
 * passes other ids without touching the arena, and the id's arena offset, so a match goes from
 * the slot straight to the characters (one cache miss fewer per id than reading `starts`). An
 * id costs its characters plus ~22 bytes, against ~80 for a Map<string, number> entry: in the
 * 10M-edge graph of `npm run bench -- graph` (1.55M ids, 29 Nov 2026), 4.6 bytes per edge instead of ~12.
 *
 * Past 3/4 full, the table is rebuilt twice as large from the arena (fillIds) by the
 * Maintainer: on a worker, ids go on into the old table meanwhile (up to 7/8 full), and the new
 * one takes them when it is installed (`settle`, between batches).
 */
export class StringIds {
  private readonly chunks: Uint8Array[] = [];
  private used = 0;
  /** Arena offset of each id's length word, by index: for idOf and rehash. */
  private readonly starts: U32Column;
  /** The rebuild under way, and the ids it covers. */
  private pending: Pending<Int32Array> | undefined;
  private pendingN = 0;
  /** Slot i: [2i] tag | index+1 (0 when empty), [2i+1] the id's arena offset (as int32: read it with >>> and &). */
  private table: Int32Array = new Int32Array(16);
  /** Slots - 1. */
  private mask = 7;
  /** The last id interned, by hash, index and arena offset: an event names the same node in several ops (an edge and its reverse). */
  private lastHash = 0;
  private lastIndex = -1;
  private lastAt = 0;

  constructor(private readonly maintainer: Maintainer = INLINE) {
    this.starts = new U32Column(maintainer.shared);
  }

  get size(): number {
    return this.starts.length;
  }

  /** Whether the id at arena offset a is the id at buf[at]. */
  private equalsAt(a: number, buf: Uint8Array, at: number): boolean {
    return sameId(this.chunks[a >>> CHUNK_BITS], a & MASK, buf, at);
  }

  /** Dense index of id, or -1 when it was never seen. Looked up in its byte form, as ingest does. */
  lookup(id: string): number {
    if (id.length > MAX_ID_LENGTH) return -1;
    if (scratch.length < 2 + 2 * id.length) scratch = new Uint8Array(2 + 2 * id.length);
    writeId(scratch, 0, id);
    return this.lookupAt(scratch, 0, hashId(scratch, 0));
  }

  /** Dense index of the id at buf[at] (id-bytes.ts form), or -1 when it was never seen; h is its hashId. */
  lookupAt(buf: Uint8Array, at: number, h: number): number {
    const v = this.table[2 * this.probe(buf, at, h)];
    return v === 0 ? -1 : (v & INDEX) - 1;
  }

  /** The slot holding the id at buf[at] (hash h), else the empty slot its probe ends at. */
  private probe(buf: Uint8Array, at: number, h: number): number {
    const { table, mask } = this;
    const tag = (h >>> 27) << 26;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const v = table[2 * i];
      if (v === 0 || ((v & TAG) === tag && this.equalsAt(table[2 * i + 1], buf, at))) return i;
    }
  }

  /** Dense index of the id at buf[at], assigning the next one when it is new; h is its hashId. */
  internAt(buf: Uint8Array, at: number, h: number): number {
    if (h === this.lastHash && this.lastIndex >= 0 && this.equalsAt(this.lastAt, buf, at)) return this.lastIndex;
    this.lastHash = h;
    this.lastIndex = this.find(buf, at, h);
    return this.lastIndex;
  }

  /**
   * Prefetch, in two steps a batch runs over all its ids before interning them: `touchTable`
   * loads the slot an id's probe starts at, `touchArena` (slot now cached) the characters of
   * the id it names when the tag matches. Each step's loads are independent of each other, so
   * the CPU overlaps their cache misses, where the one-id-at-a-time lookup waits for slot and
   * arena in turn. Results are only hints (no probing past the first slot).
   */
  touchTable(h: number): number {
    return this.table[2 * (h & this.mask)];
  }

  touchArena(h: number): number {
    const i = 2 * (h & this.mask);
    const v = this.table[i];
    if (v === 0 || (v & TAG) !== (h >>> 27) << 26) return 0;
    const at = this.table[i + 1];
    return this.chunks[at >>> CHUNK_BITS][at & MASK];
  }

  /** Index of the id at buf[at], stored when new; sets lastAt. */
  private find(buf: Uint8Array, at: number, h: number): number {
    const { table, mask } = this;
    const i = this.probe(buf, at, h);
    const v = table[2 * i];
    if (v !== 0) {
      this.lastAt = table[2 * i + 1];
      return (v & INDEX) - 1;
    }
    const n = this.starts.length;
    const a = this.store(buf, at);
    this.starts.push(a);
    table[2 * i] = idEntry(h, n);
    table[2 * i + 1] = a;
    this.lastAt = a;
    if ((n + 1) * 4 > (mask + 1) * 3) {
      if (!this.pending) {
        this.pending = this.maintainer.ids(this.chunks, this.starts.chunks, n + 1, 2 * (mask + 1));
        this.pendingN = n + 1;
      }
      this.settle((n + 1) * 8 > (mask + 1) * 7);
    }
    return n;
  }

  /** Install the rebuilt table when it is ready (waiting for it if `wait`), with the ids added since its job started; returns whether it still runs. */
  settle(wait: boolean): boolean {
    const table = this.pending?.take(wait);
    if (!table) return this.pending !== undefined;
    this.pending = undefined;
    this.table = table;
    this.mask = (table.length >>> 1) - 1;
    placeIds(table, this.chunks, this.starts.chunks, this.pendingN, this.starts.length);
    return false;
  }

  /** Copy the id at buf[from] into the arena. Ids are at most MAX_ID_LENGTH characters (validation caps them), so one always fits a chunk. */
  private store(buf: Uint8Array, from: number): number {
    const bytes = idSize(buf, from);
    if ((this.used & MASK) + bytes > CHUNK || this.used === this.chunks.length * CHUNK) {
      this.used = this.chunks.length * CHUNK;
      this.chunks.push(this.arenaChunk());
    }
    const at = this.used;
    const c = this.chunks[at >>> CHUNK_BITS];
    // A loop, not set(subarray): ids are a few bytes, where a view object per id costs more.
    for (let k = 0, o = at & MASK; k < bytes; k++) c[o + k] = buf[from + k];
    this.used += bytes;
    return at;
  }

  private arenaChunk(): Uint8Array {
    return typedArray(Uint8Array, CHUNK, this.maintainer.shared);
  }

  /** The external id of index i. */
  idOf(i: number): string {
    const at = this.starts.get(i);
    return readId(this.chunks[at >>> CHUNK_BITS], at & MASK);
  }

  bytes(): number {
    return this.chunks.length * CHUNK + this.starts.bytes() + this.table.byteLength;
  }

  /**
   * Arena, offsets and table as views, for snapshots: valid until the next intern or table growth.
   * `restore` takes them back (contiguous) verbatim, no rehash.
   */
  parts(): { chars: Uint8Array[]; starts: Uint32Array[]; table: Int32Array } {
    const chars: Uint8Array[] = [];
    for (const [k, c] of this.chunks.entries())
      chars.push(c.subarray(0, Math.max(0, Math.min(CHUNK, this.used - k * CHUNK))));
    return { chars, starts: this.starts.views(), table: this.table };
  }

  /** What `parts` gave, each part contiguous; with `table: null` (a snapshot from before the table's current layout) the table is rebuilt from the arena. */
  restore(d: { chars: Uint8Array; starts: Uint32Array; table: Int32Array | null }): void {
    this.chunks.length = 0;
    for (let at = 0; at < d.chars.length; at += CHUNK) {
      const c = this.arenaChunk();
      c.set(d.chars.subarray(at, at + CHUNK));
      this.chunks.push(c);
    }
    this.used = d.chars.length;
    this.starts.fromArray(d.starts);
    this.pending?.cancel();
    this.pending = undefined;
    // Rebuilt from the arena when the snapshot predates the table's layout: each id's hash over its stored code units, without making a string of it.
    const table = d.table ?? fillIds(this.chunks, this.starts.chunks, d.starts.length, tableSize(d.starts.length + 1));
    [this.table, this.mask] = [table, (table.length >>> 1) - 1];
    this.lastIndex = -1;
  }
}
