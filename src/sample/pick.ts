import { HEAD_SLOT, PROMOTE, type Adjacency } from '../graph/edges/adjacency.ts';
import type { EdgeField } from '../graph/edges/edge-table.ts';
import type { Rng } from './rng.ts';
import { SwapMap } from './swap-map.ts';

export type PickMode = 'uniform' | 'recent';

/**
 * Chooses up to `fanout` visible edge slots of one node from an Adjacency (its CSR row, then
 * its newer slots). Scratch buffers are reused across calls: the sampler's
 * per-node cost is the draws, not allocation.
 */
export class Picker {
  /** The chosen slots of the last call, [0, count). */
  out: Int32Array = new Int32Array(64);
  /** A node's list slots (at most PROMOTE), copied out of the linked list. */
  private readonly list = new Int32Array(PROMOTE);
  /** The node's newer slots: `list`, or a hub's block. */
  private newer: Int32Array = this.list;
  private readonly swaps = new SwapMap();

  /** Visible = stored time >= minTs (deleted slots hold 0). fanout < 0 takes every visible slot. */
  pick(adj: Adjacency, ts: EdgeField, minTs: number, v: number, fanout: number, mode: PickMode, rng: Rng): number {
    const hasRow = v + 1 < adj.ptr.length;
    const b0 = hasRow ? adj.ptr[v] : 0;
    const len = hasRow ? adj.ptr[v + 1] - b0 : 0;
    let d = 0;
    const h = v < adj.head.length ? adj.head[v] : -1;
    if (h <= -2) {
      const b = adj.blocks[-2 - h];
      this.newer = b.a;
      d = b.n;
    } else {
      this.newer = this.list;
      for (let e = h < 0 ? -1 : h & HEAD_SLOT; e >= 0; e = adj.next.get(e - adj.baseN)) this.list[d++] = e;
    }
    const total = len + d;
    if (this.out.length < total) this.out = grow(this.out, total);
    if (fanout < 0 || total <= fanout) return this.all(adj.eid, b0, len, d, ts, minTs);
    return mode === 'recent' ? this.recent(adj.eid, b0, len, d, ts, minTs, fanout) : this.uniform(adj.eid, b0, len, d, ts, minTs, fanout, rng);
  }

  private slot(eid: Int32Array, b0: number, len: number, p: number): number {
    return p < len ? eid[b0 + p] : this.newer[p - len];
  }

  private all(eid: Int32Array, b0: number, len: number, d: number, ts: EdgeField, minTs: number): number {
    let n = 0;
    for (let p = 0; p < len + d; p++) {
      const e = this.slot(eid, b0, len, p);
      if (ts.get(e) >= minTs) this.out[n++] = e;
    }
    return n;
  }

  /**
   * Without replacement: a lazy Fisher–Yates shuffle of the positions, keeping visible slots
   * until `fanout` are found. The first k visible entries of a uniform permutation are a uniform
   * k-subset of the visible ones, so invisible (expired, deleted) slots do not bias the draw.
   */
  private uniform(eid: Int32Array, b0: number, len: number, d: number, ts: EdgeField, minTs: number, fanout: number, rng: Rng): number {
    const total = len + d;
    const sw = this.swaps;
    sw.clear();
    let n = 0;
    for (let i = 0; i < total && n < fanout; i++) {
      const j = i + rng.below(total - i);
      const pj = sw.get(j);
      sw.set(j, sw.get(i));
      const e = this.slot(eid, b0, len, pj);
      if (ts.get(e) >= minTs) this.out[n++] = e;
    }
    return n;
  }

  /** The `fanout` newest visible slots (ties: the later slot), by insertion into a short sorted list. */
  private recent(eid: Int32Array, b0: number, len: number, d: number, ts: EdgeField, minTs: number, fanout: number): number {
    const out = this.out;
    let n = 0;
    for (let p = 0; p < len + d; p++) {
      const e = this.slot(eid, b0, len, p);
      const t = ts.get(e);
      if (t < minTs) continue;
      if (n === fanout && !newer(t, e, ts.get(out[n - 1]), out[n - 1])) continue;
      let k = n < fanout ? n++ : n - 1;
      while (k > 0 && newer(t, e, ts.get(out[k - 1]), out[k - 1])) {
        out[k] = out[k - 1];
        k--;
      }
      out[k] = e;
    }
    return n;
  }
}

function newer(t: number, e: number, t2: number, e2: number): boolean {
  return t > t2 || (t === t2 && e > e2);
}

function grow(a: Int32Array, n: number): Int32Array {
  const b = new Int32Array(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}
