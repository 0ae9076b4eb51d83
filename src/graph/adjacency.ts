import { I32Column, growI32, type U32Column } from './columns.ts';

/**
 * One direction of a relation's edge index (by destination or by source). Slots below `baseN`
 * are in a CSR built at the last merge (`ptr`/`eid`, rows in slot order); later slots are in
 * per-node linked lists, newest first (`head`/`next`, `next` indexed by slot - baseN). Readers
 * walk both; `far` is the column holding the node at the other end of each slot.
 */
export class Adjacency {
  ptr: Int32Array = new Int32Array(1);
  eid: Int32Array = new Int32Array(0);
  head: Int32Array = new Int32Array(0);
  readonly next = new I32Column();
  baseN = 0;

  constructor(readonly near: U32Column, readonly far: U32Column) {}

  /** Index slot e (>= baseN), just appended. */
  link(e: number): void {
    const v = this.near.get(e);
    if (v >= this.head.length) this.head = growI32(this.head, v + 1, -1);
    this.next.push(this.head[v]);
    this.head[v] = e;
  }

  /** Number of slots indexed for node v (visible or not). */
  degree(v: number): number {
    let n = v + 1 < this.ptr.length ? this.ptr[v + 1] - this.ptr[v] : 0;
    for (let e = v < this.head.length ? this.head[v] : -1; e >= 0; e = this.next.get(e - this.baseN)) n++;
    return n;
  }

  /**
   * Rebuild the CSR over slots [0, n) for which keep(slot) holds, numNodes rows: a stable
   * counting sort, so each row lists its slots in insertion order. Empties the linked lists.
   */
  rebuild(n: number, numNodes: number, keep: (e: number) => boolean): void {
    const ptr = new Int32Array(numNodes + 1);
    let kept = 0;
    for (let e = 0; e < n; e++) {
      if (keep(e)) {
        ptr[this.near.get(e) + 1]++;
        kept++;
      }
    }
    for (let i = 0; i < numNodes; i++) ptr[i + 1] += ptr[i];
    const at = ptr.slice(0, numNodes);
    const eid = new Int32Array(kept);
    for (let e = 0; e < n; e++) if (keep(e)) eid[at[this.near.get(e)]++] = e;
    this.ptr = ptr;
    this.eid = eid;
    this.baseN = n;
    this.next.truncate(0);
    this.head.fill(-1);
  }

  bytes(): number {
    return this.ptr.byteLength + this.eid.byteLength + this.head.byteLength + this.next.bytes();
  }
}
