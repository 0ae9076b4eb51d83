import { PROMOTE, blockOf, firstOf, type Adjacency } from './adjacency.ts';
import type { EdgeField } from './edge-table.ts';
import type { RelationView } from './relation-view.ts';
import type { WeightMoves } from './weight-moves.ts';

/**
 * One node's edge slots in a relation's index, for readers (the sampler, store queries): open a
 * node's in-edges (openIn) or out-edges (openOut), then read positions [0, count) with slot(p),
 * and each slot's stored time, visibility and far end. Positions run over the node's CSR row,
 * then its newer slots (a hub's block in insertion order, else its list newest first), visible
 * or not: a reader skips the invisible ones, which keeps a uniform draw over positions
 * unbiased. One Neighbours is reused from node to node and allocates nothing: the sampler opens
 * one per node it expands, and its per-node cost must be its draws.
 */
export class Neighbours {
  /** Slots of the open node, visible or not. */
  count = 0;
  /** Oldest stored time visible (RelationView.minTs): expired slots are older, deleted ones hold 0. */
  minTs = 1;
  /** Positions [0, merged) are the CSR row, [merged, count) the newer slots. */
  merged = 0;
  private eid: Int32Array = new Int32Array(0);
  private top: Int32Array | undefined;
  private adj: Adjacency | undefined;
  private v = 0;
  private b0 = 0;
  /** The newer slots: `list` (copied out of the node's linked list, at most PROMOTE) or a hub's block. */
  private readonly list = new Int32Array(PROMOTE);
  private newer: Int32Array = this.list;
  private ts: EdgeField | undefined;
  private ends: EdgeField | undefined;

  /** Open node v's in-edges in r (its index by destination), visible from stored time minTs on; returns count. */
  openIn(r: RelationView, v: number, minTs: number): number {
    return this.open(r.byDst, r.ts, v, minTs);
  }

  /** Open node v's out-edges in r (its index by source); see openIn. */
  openOut(r: RelationView, v: number, minTs: number): number {
    return this.open(r.bySrc, r.ts, v, minTs);
  }

  private open(adj: Adjacency, ts: EdgeField, v: number, minTs: number): number {
    this.ts = ts;
    this.ends = adj.far;
    this.minTs = minTs;
    const ptr = adj.ptr,
      hasRow = v + 1 < ptr.length;
    this.eid = adj.eid;
    this.top = adj.top;
    this.adj = adj;
    this.v = v;
    this.b0 = hasRow ? ptr[v] : 0;
    this.merged = hasRow ? ptr[v + 1] - this.b0 : 0;
    const h = adj.headOf(v),
      b = blockOf(h);
    let d = 0;
    if (b >= 0) {
      this.newer = adj.blocks[b].a;
      d = adj.blocks[b].n;
    } else {
      this.newer = this.list;
      for (let e = firstOf(h); e >= 0; e = adj.after(e)) this.list[d++] = e;
    }
    this.count = this.merged + d;
    return this.count;
  }

  /** The slot at position p in [0, count). */
  slot(p: number): number {
    return p < this.merged ? this.eid[this.b0 + p] : this.newer[p - this.merged];
  }

  /** Whether the relation keeps its CSR rows by weight too (it has weights and has merged). */
  get ordered(): boolean {
    return this.top !== undefined;
  }

  /** The CSR row's i-th heaviest slot, i in [0, merged) (when ordered; by the weight the merge read). */
  heavy(i: number): number {
    return this.top![this.b0 + i];
  }

  /** The open node's slots whose weight changed since the merge read it (ordered relations). */
  moved(moves: WeightMoves): readonly number[] | undefined {
    return this.adj!.movedOf(this.v, moves);
  }

  /** Stored time of slot e (floor(seconds) + 1; 0 once deleted). */
  time(e: number): number {
    return this.ts!.get(e);
  }

  visible(e: number): boolean {
    return this.ts!.get(e) >= this.minTs;
  }

  /** The node at slot e's other end: a source for openIn, a destination for openOut. */
  far(e: number): number {
    return this.ends!.get(e);
  }
}
