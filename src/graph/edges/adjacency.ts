import { I32Column, growI32 } from '../base/columns.ts';
import type { EdgeField } from './edge-table.ts';
import type { Csr } from '../base/maintain-kernels.ts';

/** A node's newer slots move from its linked list to an array once it has this many: hubs get O(1) random access. */
export const PROMOTE = 32;
/** Bits of a list head that hold the first slot (slots are below 2^26, see MAX_SLOTS); the bits above hold the list's length. */
const LEN_SHIFT = 26;
export const HEAD_SLOT = (1 << LEN_SHIFT) - 1;

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
 * holding the node at the other end of each slot.
 */
export class Adjacency {
  ptr: Int32Array = new Int32Array(1);
  eid: Int32Array = new Int32Array(0);
  head: Int32Array = new Int32Array(0);
  readonly next = new I32Column();
  readonly blocks: Block[] = [];
  baseN = 0;

  constructor(readonly near: EdgeField, readonly far: EdgeField) {}

  /** Index slot e (>= baseN), just appended, whose near end is node v. */
  link(e: number, v: number): void {
    if (v >= this.head.length) this.head = growI32(this.head, v + 1, -1);
    const h = this.head[v];
    if (h <= -2) {
      this.next.push(-1);
      const b = this.blocks[-2 - h];
      if (b.n === b.a.length) {
        const a = new Int32Array(b.n * 2);
        a.set(b.a);
        b.a = a;
      }
      b.a[b.n++] = e;
      return;
    }
    const len = h < 0 ? 1 : (h >>> LEN_SHIFT) + 1;
    this.next.push(h < 0 ? -1 : h & HEAD_SLOT);
    if (len < PROMOTE) {
      this.head[v] = (len << LEN_SHIFT) | e;
      return;
    }
    const a = new Int32Array(PROMOTE * 2);
    let n = PROMOTE;
    for (let s = e; s >= 0; s = this.next.get(s - this.baseN)) a[--n] = s;
    this.blocks.push({ a, n: PROMOTE });
    this.head[v] = -1 - this.blocks.length;
  }

  /** Every slot indexed for node v (visible or not): its CSR row, then its newer slots. */
  slots(v: number): number[] {
    const out: number[] = [];
    if (v + 1 < this.ptr.length) for (let k = this.ptr[v]; k < this.ptr[v + 1]; k++) out.push(this.eid[k]);
    const h = v < this.head.length ? this.head[v] : -1;
    if (h <= -2) {
      const b = this.blocks[-2 - h];
      for (let k = 0; k < b.n; k++) out.push(b.a[k]);
    } else {
      for (let e = h < 0 ? -1 : h & HEAD_SLOT; e >= 0; e = this.next.get(e - this.baseN)) out.push(e);
    }
    return out;
  }

  /**
   * Take a CSR of slots [0, n) (buildCsr) and index slots [n, slots), the ones appended since its
   * job started, in lists and blocks again: what was indexed before is replaced at once, so a
   * reader sees the old index or the new one.
   */
  install(csr: Csr, n: number, slots: number): void {
    this.ptr = csr.ptr;
    this.eid = csr.eid;
    this.baseN = n;
    this.next.truncate(0);
    this.head.fill(-1);
    this.blocks.length = 0;
    for (let e = n; e < slots; e++) this.link(e, this.near.get(e));
  }

  bytes(): number {
    let blocks = 0;
    for (const b of this.blocks) blocks += b.a.byteLength;
    return this.ptr.byteLength + this.eid.byteLength + this.head.byteLength + this.next.bytes() + blocks;
  }
}
