import type { EdgeData, Neighbours } from '../graph/index.ts';
import type { Rng } from './rng.ts';

/** 'weighted' draws by rejection once a node has more than this many in-edges per draw; below, a scan is cheaper. */
const REJECT_FROM = 4;
/** Rejection trials per draw before the draw falls back to a scan (weights far below the relation's largest). */
const MAX_TRIES = 64;

/**
 * The `weighted` sampling mode, which reads each edge's weight (word 0 of its edge data), as risk
 * teams' own engines sample: `fanout` visible in-edges without replacement, each draw with
 * probability proportional to the weight among those left (an edge of weight <= 0 is never
 * drawn). ('top', the other mode that reads weights, is pick-top.ts.) One per Picker; the call's
 * inputs sit in fields so its two methods share them without passing them.
 */
export class WeightPicker {
  /** The drawn slots, [0, count) (the Picker's own `out`), and their ranking keys beside them. */
  out: Int32Array = new Int32Array(0);
  private keys = new Float64Array(64);
  private nb!: Neighbours;
  private data!: EdgeData;
  private total = 0;
  private fanout = 0;
  private rng!: Rng;

  /** Returns the count drawn into `out` (at least `total` long). */
  pick(nb: Neighbours, data: EdgeData, total: number, fanout: number, rng: Rng, out: Int32Array): number {
    this.nb = nb;
    this.data = data;
    this.total = total;
    this.fanout = fanout;
    this.rng = rng;
    this.out = out;
    if (this.keys.length < fanout) this.keys = new Float64Array(2 * fanout);
    if (total > REJECT_FROM * fanout && data.maxWeight > 0) return this.reject(rng);
    return this.scan(0);
  }

  /**
   * Each draw: a uniform position, kept with probability w / maxWeight when visible and not drawn
   * yet, so the kept edge is drawn in proportion to its weight among those left, as a hub's draws
   * must be without reading all its in-edges. A draw that finds nothing in MAX_TRIES is made by a
   * scan of the rest instead: either way the next draw is in proportion to the weights left.
   */
  private reject(rng: Rng): number {
    const { nb, data, total, fanout, out } = this,
      bound = data.maxWeight;
    let n = 0;
    while (n < fanout) {
      let got = -1;
      for (let a = 0; a < MAX_TRIES && got < 0; a++) {
        const e = nb.slot(rng.below(total));
        if (!nb.visible(e)) continue;
        const w = data.get(e, 0);
        if (w > 0 && rng.next() * bound < w && !drawn(out, n, e)) got = e;
      }
      if (got < 0) return n + this.scan(n);
      out[n++] = got;
    }
    return n;
  }

  /**
   * A pass over every in-edge, keeping the best `fanout - from` in out[from, …) (slots in
   * out[0, from) already drawn), ranked by Efraimidis–Spirakis keys log(u)/w (the largest k are k
   * successive proportional draws).
   */
  private scan(from: number): number {
    const { nb, data, total, rng, out, keys } = this,
      minTs = nb.minTs,
      room = this.fanout - from;
    let n = 0;
    for (let p = 0; p < total; p++) {
      const e = nb.slot(p);
      const t = nb.time(e);
      if (t < minTs || (from > 0 && drawn(out, from, e))) continue;
      const w = data.get(e, 0);
      if (!(w > 0)) continue;
      // 1 - next() is in (0, 1]: log never sees 0.
      const key = Math.log(1 - rng.next()) / w;
      if (n === room && !above(nb, key, t, e, keys[from + n - 1], out[from + n - 1])) continue;
      let k = from + (n < room ? n++ : n - 1);
      while (k > from && above(nb, key, t, e, keys[k - 1], out[k - 1])) {
        out[k] = out[k - 1];
        keys[k] = keys[k - 1];
        k--;
      }
      out[k] = e;
      keys[k] = key;
    }
    return n;
  }
}

function drawn(out: Int32Array, n: number, e: number): boolean {
  for (let k = 0; k < n; k++) if (out[k] === e) return true;
  return false;
}

/** Whether (key, t, e) ranks before (key2, slot e2): the larger key, then the newer edge. */
function above(nb: Neighbours, key: number, t: number, e: number, key2: number, e2: number): boolean {
  if (key !== key2) return key > key2;
  const t2 = nb.time(e2);
  return t > t2 || (t === t2 && e > e2);
}
