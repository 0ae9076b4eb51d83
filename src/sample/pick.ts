import type { EdgeData, Neighbours } from '../graph/index.ts';
import { TopPicker } from './pick-top.ts';
import { WeightPicker } from './pick-weighted.ts';
import type { Rng } from './rng.ts';
import { SwapMap } from './swap-map.ts';

/** 'uniform', 'recent' (newest first); 'weighted' and 'top' read edge weights (pick-weighted.ts, pick-top.ts). */
export type PickMode = 'uniform' | 'recent' | 'weighted' | 'top';

/**
 * Chooses up to `fanout` visible edge slots of the node a Neighbours has open (its CSR row, then
 * its newer slots). Scratch buffers are reused across calls: the sampler's per-node cost is the
 * draws, not allocation.
 */
export class Picker {
  /** The chosen slots of the last call, [0, count). */
  out: Int32Array = new Int32Array(64);
  private readonly swaps = new SwapMap();
  private readonly weights = new WeightPicker();
  private readonly heaviest = new TopPicker();

  /** Visible: see Neighbours.visible. fanout < 0 takes every visible slot. `data`: the relation's edge data ('weighted' and 'top' read its weights). */
  pick(nb: Neighbours, fanout: number, mode: PickMode, rng: Rng, data?: EdgeData): number {
    const total = nb.count;
    if (this.out.length < total) this.out = grow(this.out, total);
    if (fanout < 0 || (total <= fanout && mode !== 'weighted')) return this.all(nb, total);
    if (mode === 'uniform') return this.uniform(nb, total, fanout, rng);
    if (mode === 'recent') return this.recent(nb, total, fanout);
    if (mode === 'top') return this.heaviest.pick(nb, data!, fanout, this.out);
    return this.weights.pick(nb, data!, total, fanout, rng, this.out);
  }

  private all(nb: Neighbours, total: number): number {
    let n = 0;
    for (let p = 0; p < total; p++) {
      const e = nb.slot(p);
      if (nb.visible(e)) this.out[n++] = e;
    }
    return n;
  }

  /**
   * Without replacement: a lazy Fisher–Yates shuffle of the positions, keeping visible slots
   * until `fanout` are found. The first k visible entries of a uniform permutation are a uniform
   * k-subset of the visible ones, so invisible (expired, deleted) slots do not bias the draw.
   */
  private uniform(nb: Neighbours, total: number, fanout: number, rng: Rng): number {
    const sw = this.swaps;
    sw.clear();
    let n = 0;
    for (let i = 0; i < total && n < fanout; i++) {
      const j = i + rng.below(total - i);
      const pj = sw.get(j);
      sw.set(j, sw.get(i));
      const e = nb.slot(pj);
      if (nb.visible(e)) this.out[n++] = e;
    }
    return n;
  }

  /** The `fanout` newest visible slots (ties: the later slot), by insertion into a short sorted list. */
  private recent(nb: Neighbours, total: number, fanout: number): number {
    const out = this.out,
      minTs = nb.minTs;
    let n = 0;
    for (let p = 0; p < total; p++) {
      const e = nb.slot(p);
      const t = nb.time(e);
      if (t < minTs) continue;
      if (n === fanout && !newer(t, e, nb.time(out[n - 1]), out[n - 1])) continue;
      let k = n < fanout ? n++ : n - 1;
      while (k > 0 && newer(t, e, nb.time(out[k - 1]), out[k - 1])) {
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
