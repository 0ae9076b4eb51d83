import type { EdgeData, Neighbours } from '../graph/index.ts';

/**
 * 'top': the `fanout` heaviest visible in-edges, ties to the newer (stored time, then slot). A
 * merged relation keeps each CSR row by weight (Adjacency.top), so this walks the row heaviest
 * first and stops once it holds `fanout` and the next is lighter than the last of them (equal
 * weights are all read: a re-add may have refreshed a time since the merge). Slots whose weight
 * a re-add changed since the merge are skipped there and ranked at their weight now (WeightMoves),
 * and the newer slots, not in the order, are all read: a hub costs about k reads plus its
 * unmerged tail, not its degree. Before any merge, every slot is read.
 */
export class TopPicker {
  private out: Int32Array = new Int32Array(0);
  private keys = new Float64Array(64);
  private times = new Float64Array(64);
  private n = 0;
  private fanout = 0;

  /** The chosen slots into `out` (at least `nb.count` long), best first; returns their count. */
  pick(nb: Neighbours, data: EdgeData, fanout: number, out: Int32Array): number {
    this.out = out;
    this.n = 0;
    this.fanout = fanout;
    if (this.keys.length < fanout) {
      this.keys = new Float64Array(2 * fanout);
      this.times = new Float64Array(2 * fanout);
    }
    const moves = data.moves,
      minTs = nb.minTs,
      ordered = nb.ordered && moves !== undefined;
    if (ordered) {
      let taken = 0,
        last = 0;
      for (let i = 0; i < nb.merged; i++) {
        const e = nb.heavy(i),
          t = nb.time(e);
        if (t < minTs || moves.moved(e)) continue;
        const w = data.get(e, 0);
        if (taken >= fanout && w < last) break;
        this.offer(e, w, t);
        if (++taken === fanout) last = w;
      }
      for (const e of nb.moved(moves) ?? []) {
        const t = nb.time(e);
        if (t >= minTs) this.offer(e, data.get(e, 0), t);
      }
    }
    for (let p = ordered ? nb.merged : 0; p < nb.count; p++) {
      const e = nb.slot(p),
        t = nb.time(e);
      if (t < minTs || (ordered && moves.moved(e))) continue;
      this.offer(e, data.get(e, 0), t);
    }
    return this.n;
  }

  /** Insert slot e (weight w, stored time t) into the best `fanout` so far, kept sorted. */
  private offer(e: number, w: number, t: number): void {
    const { out, keys, times } = this;
    let k = this.n;
    if (k === this.fanout) {
      if (!above(w, t, e, keys[k - 1], times[k - 1], out[k - 1])) return;
      k--;
    } else this.n++;
    while (k > 0 && above(w, t, e, keys[k - 1], times[k - 1], out[k - 1])) {
      out[k] = out[k - 1];
      keys[k] = keys[k - 1];
      times[k] = times[k - 1];
      k--;
    }
    out[k] = e;
    keys[k] = w;
    times[k] = t;
  }
}

/** Whether (w, t, e) ranks before (w2, t2, e2): heavier, then newer, then the later slot. */
function above(w: number, t: number, e: number, w2: number, t2: number, e2: number): boolean {
  return w !== w2 ? w > w2 : t !== t2 ? t > t2 : e > e2;
}
