import { CHUNK, CHUNK_BITS } from './columns.ts';
import { placeAll } from './fingerprint-table.ts';
import { mix32 } from './hash.ts';
import { hashId } from './id-bytes.ts';
import { DST, SRC, STRIDE, TOMBSTONE, TS } from './slot-layout.ts';
import { orderByWeight, type WeightChunks } from './weight-order.ts';

/**
 * The bulk jobs of the store's upkeep, as pure functions over its chunks: for a relation (src,
 * dst, ts interleaved; see slot-layout.ts) a CSR of one index and a new identity hash
 * table, for a node type's ids (StringIds) a new table. Pure so that they run on the ingest
 * thread or, unchanged, on the maintenance worker (worker/maintainer.node.ts), which receives the
 * chunks as shared memory.
 */

/** The identity hash of edge (s, d): EdgeHash's probe start and tag come from it. */
export function edgeHash(s: number, d: number): number {
  return mix32(Math.imul(s, 0x9e3779b1) ^ d);
}

/** An EdgeHash entry: five hash bits above bit 26, slot + 1 below. */
export function hashEntry(h: number, e: number): number {
  return ((h >>> 27) << 26) | (e + 1);
}

/** A node's slots, CSR-style: row v lists eid[ptr[v] .. ptr[v + 1]) (store slots, not a batch's CSR by destination). */
export interface SlotIndex {
  readonly ptr: Int32Array;
  readonly eid: Int32Array;
  /** For a relation with weights: each row's slots heaviest first (weight-order.ts). */
  readonly top?: Int32Array;
}

/**
 * CSR over slots [0, n) that are not TOMBSTONE, rows by the field at `near`, numNodes rows: a
 * stable counting sort, so each row lists its slots in insertion order. Reads the chunks in
 * order: this runs over every edge at each merge. With `weights`, also each row by weight (top).
 */
export function indexSlots(
  chunks: readonly Uint32Array[],
  n: number,
  near: number,
  numNodes: number,
  weights?: WeightChunks,
): SlotIndex {
  const ptr = new Int32Array(numNodes + 1);
  let kept = 0;
  for (let c = 0; c * CHUNK < n; c++) {
    const ch = chunks[c],
      end = Math.min(CHUNK, n - c * CHUNK) * STRIDE;
    for (let k = 0; k < end; k += STRIDE) {
      if (ch[k + TS] !== TOMBSTONE) {
        ptr[ch[k + near] + 1]++;
        kept++;
      }
    }
  }
  for (let i = 0; i < numNodes; i++) ptr[i + 1] += ptr[i];
  const at = ptr.slice(0, numNodes);
  const eid = new Int32Array(kept);
  for (let c = 0; c * CHUNK < n; c++) {
    const ch = chunks[c],
      end = Math.min(CHUNK, n - c * CHUNK);
    for (let k = 0; k < end; k++)
      if (ch[k * STRIDE + TS] !== TOMBSTONE) eid[at[ch[k * STRIDE + near]]++] = c * CHUNK + k;
  }
  return weights ? { ptr, eid, top: orderByWeight(ptr, eid, weights) } : { ptr, eid };
}

export interface HashFill {
  readonly table: Int32Array;
  /** Entries in it. */
  readonly size: number;
}

/**
 * An EdgeHash table of `size` entries (a power of two) holding the slots below n that are not
 * TOMBSTONE. Walks the slots in order, chunk by chunk, rather than an old table: the old
 * table's order sends every entry's key read to a random slot (a cache miss each).
 */
export function fillHash(chunks: readonly Uint32Array[], n: number, size: number): HashFill {
  const t = new Int32Array(size);
  const mask = size - 1;
  let count = 0;
  for (let c = 0; c * CHUNK < n; c++) {
    const ch = chunks[c],
      end = Math.min(CHUNK, n - c * CHUNK),
      base = c << CHUNK_BITS;
    for (let k = 0, o = 0; k < end; k++, o += STRIDE) {
      if (ch[o + TS] === TOMBSTONE) continue;
      const h = edgeHash(ch[o + SRC], ch[o + DST]);
      let i = h & mask;
      while (t[i] !== 0) i = (i + 1) & mask;
      t[i] = hashEntry(h, base + k);
      count++;
    }
  }
  return { table: t, size: count };
}

/** A StringIds slot's first word: five hash bits above bit 26, index + 1 below. */
export function idEntry(h: number, index: number): number {
  return ((h >>> 27) << 26) | (index + 1);
}

/** A StringIds table of `slots` two-word slots for ids [0, n): see placeIds. */
export function fillIds(
  arena: readonly Uint8Array[],
  starts: readonly Uint32Array[],
  n: number,
  slots: number,
): Int32Array {
  const table = new Int32Array(2 * slots);
  placeIds(table, arena, starts, 0, n);
  return table;
}

/**
 * Enter ids [from, to) in a StringIds table, each id's hash recomputed from its characters in
 * the arena (chunks of CHUNK bytes; `starts` holds each id's offset, in chunks of CHUNK entries).
 */
export function placeIds(
  table: Int32Array,
  arena: readonly Uint8Array[],
  starts: readonly Uint32Array[],
  from: number,
  to: number,
): void {
  const mask = (table.length >>> 1) - 1;
  for (let k = from; k < to; k++) {
    const at = starts[k >>> CHUNK_BITS][k & (CHUNK - 1)];
    const h = hashId(arena[at >>> CHUNK_BITS], at & (CHUNK - 1));
    let i = h & mask;
    while (table[2 * i] !== 0) i = (i + 1) & mask;
    table[2 * i] = idEntry(h, k);
    table[2 * i + 1] = at;
  }
}

/** An EventIds table twice the size of `old` (pairs of words; (0, 0) empty) holding its entries. */
export function fillEvents(old: Uint32Array): Uint32Array {
  const t = new Uint32Array(old.length * 2);
  placeAll(t, old);
  return t;
}
