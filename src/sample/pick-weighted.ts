import type { EdgeData, Neighbours } from '../graph/index.ts';
import type { Rng } from './rng.ts';

/**
 * The sampling modes that read each edge's weight (word 0 of its edge data), as risk teams'
 * own engines sample: `weighted` draws `fanout` visible in-edges without replacement, each draw
 * with probability proportional to the weight among those left (Efraimidis–Spirakis: the
 * `fanout` largest keys u^(1/w), as log(u)/w; an edge of weight <= 0 is never drawn); `top`
 * keeps the `fanout` heaviest, ties to the newer (stored time, then slot). Both keep a short
 * sorted list in `out` (fanout entries, as Picker's `recent`), and `keys` beside it.
 */
export function pickWeighted(
  nb: Neighbours,
  data: EdgeData,
  total: number,
  fanout: number,
  rng: Rng | undefined,
  out: Int32Array,
  keys: Float64Array,
): number {
  const minTs = nb.minTs;
  let n = 0;
  for (let p = 0; p < total; p++) {
    const e = nb.slot(p);
    const t = nb.time(e);
    if (t < minTs) continue;
    const w = data.get(e, 0);
    let key: number;
    if (rng) {
      if (!(w > 0)) continue;
      // 1 - next() is in (0, 1]: log never sees 0.
      key = Math.log(1 - rng.next()) / w;
    } else key = w;
    if (n === fanout && !above(nb, key, t, e, keys[n - 1], out[n - 1])) continue;
    let k = n < fanout ? n++ : n - 1;
    while (k > 0 && above(nb, key, t, e, keys[k - 1], out[k - 1])) {
      out[k] = out[k - 1];
      keys[k] = keys[k - 1];
      k--;
    }
    out[k] = e;
    keys[k] = key;
  }
  return n;
}

/** Whether (key, t, e) ranks before (key2, slot e2): the larger key, then the newer edge. */
function above(nb: Neighbours, key: number, t: number, e: number, key2: number, e2: number): boolean {
  if (key !== key2) return key > key2;
  const t2 = nb.time(e2);
  return t > t2 || (t === t2 && e > e2);
}
