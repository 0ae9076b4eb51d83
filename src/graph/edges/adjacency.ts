import { I32Column, growI32 } from '../base/columns.ts';
import type { EdgeField } from './edge-table.ts';
import type { SlotIndex } from '../base/maintain-kernels.ts';
import type { WeightMoves } from './weight-moves.ts';

/** A node's newer slots move from its linked list to an array once it has this many: hubs get O(1) random access. */
export const PROMOTE = 32;
/** Bits of a list head that hold the first slot (slots are below 2^26, see MAX_SLOTS); the bits above hold the list's length. */
const LEN_SHIFT = 26;
const HEAD_SLOT = (1 << LEN_SHIFT) - 1;

/** A head word's block number, or -1 when the node's newer slots are a list (or none). */
export function blockOf(h: number): number {
  return h <= -2 ? -2 - h : -1;
}

/** The first (newest) slot of a list head word, or -1 when the node has none. */
export function firstOf(h: number): number {
  return h < 0 ? -1 : h & HEAD_SLOT;
}

/** The newer slots of one hub, in insertion order: a[0, n). */
export interface Block {
  a: Int32Array;
  n: number;
}

/**
 * One direction of a relation's edge index (by destination or by source). Slots below `baseN`
 * are in a CSR built at the last merge (`ptr`/`eid`, rows in slot order). Later slots are in
 * per-node linked lists, newest first (`head`/`next`, `next` indexed by slot - baseN), until a
 * node has PROMOTE of them; then they go to an array per node (`blocks`), because a sampler
 * drawing 10 of a merchant's 30k new payers must not walk a 30k-long list. head[v] is -1 (no
 * list), length << 26 | first slot (one read tells a writer both), or -2 - block number. `far` is the column
 * holding the node at the other end of each slot. Readers go through Neighbours, which decodes
 * head words with blockOf and firstOf: the word's layout is this file's alone.
 */
export class Adjacency {
  ptr: Int32Array = new Int32Array(1);
  eid: Int32Array = new Int32Array(0);
  /** With weights: each CSR row's slots heaviest first, beside eid (weight-order.ts); else undefined. */
  top: Int32Array | undefined;
  head: Int32Array = new Int32Array(0);
  readonly next = new I32Column();
  readonly blocks: Block[] = [];
  baseN = 0;
  /** Per node, its slots in `log` (a WeightMoves log, read up to `seen`): see movedOf. */
  private readonly movedBy = new Map<number, number[]>();
  private log: readonly number[] = [];
  private seen = 0;

  constructor(
    readonly near: EdgeField,
    readonly far: EdgeField,
  ) {}

  /** Node v's head word (-1 for a node past the array: no newer slots). */
  headOf(v: number): number {
    return v < this.head.length ? this.head[v] : -1;
  }

  /** The slot after list slot e (>= baseN) in its node's list, or -1. */
  after(e: number): number {
    return this.next.get(e - this.baseN);
  }

  /** Node v's slots whose weight changed since the order by weight read it (each once), or undefined. */
  movedOf(v: number, moves: WeightMoves): readonly number[] | undefined {
    if (moves.log !== this.log) {
      this.movedBy.clear();
      this.log = moves.log;
      this.seen = 0;
    }
    for (; this.seen < this.log.length; this.seen++) {
      const e = this.log[this.seen],
        u = this.near.get(e);
      const l = this.movedBy.get(u);
      if (!l) this.movedBy.set(u, [e]);
      else if (!l.includes(e)) l.push(e);
    }
    return this.movedBy.get(v);
  }

  /** Index slot e (>= baseN), just appended, whose near end is node v. */
  link(e: number, v: number): void {
    if (v >= this.head.length) this.head = growI32(this.head, v + 1, -1);
    const h = this.head[v];
    if (h <= -2) {
      this.next.push(-1);
      const b = this.blocks[blockOf(h)];
      if (b.n === b.a.length) {
        const a = new Int32Array(b.n * 2);
        a.set(b.a);
        b.a = a;
      }
      b.a[b.n++] = e;
      return;
    }
    const len = h < 0 ? 1 : (h >>> LEN_SHIFT) + 1;
    this.next.push(firstOf(h));
    if (len < PROMOTE) {
      this.head[v] = (len << LEN_SHIFT) | e;
      return;
    }
    const a = new Int32Array(PROMOTE * 2);
    let n = PROMOTE;
    for (let s = e; s >= 0; s = this.after(s)) a[--n] = s;
    this.blocks.push({ a, n: PROMOTE });
    this.head[v] = -1 - this.blocks.length;
  }

  /**
   * Take a CSR of slots [0, n) (indexSlots) and index slots [n, slots), the ones appended since its
   * job started, in lists and blocks again: what was indexed before is replaced at once, so a
   * reader sees the old index or the new one.
   */
  install(index: SlotIndex, n: number, slots: number): void {
    this.ptr = index.ptr;
    this.eid = index.eid;
    this.top = index.top;
    this.baseN = n;
    this.next.truncate(0);
    this.head.fill(-1);
    this.blocks.length = 0;
    for (let e = n; e < slots; e++) this.link(e, this.near.get(e));
  }

  bytes(): number {
    let blocks = 0;
    for (const b of this.blocks) blocks += b.a.byteLength;
    const top = this.top?.byteLength ?? 0;
    return this.ptr.byteLength + this.eid.byteLength + top + this.head.byteLength + this.next.bytes() + blocks;
  }
}
