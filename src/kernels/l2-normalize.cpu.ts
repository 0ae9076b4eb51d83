import { type Floats, freshFloats } from '../tensor/floats.ts';
import { mat, type Mat } from '../tensor/mat.ts';

/** F.normalize(x, p=2, dim=-1): x / max(‖x‖₂, eps) per row. */
export function l2NormalizeCpu({ x, eps }: { x: Mat; eps: number }, floats: Floats = freshFloats): Mat {
  const F = x.cols;
  const out = floats(x.data.length);
  for (let r = 0; r < x.rows; r++) {
    const o = r * F;
    let s = 0;
    for (let f = 0; f < F; f++) s += x.data[o + f] * x.data[o + f];
    const d = Math.max(Math.sqrt(s), eps);
    for (let f = 0; f < F; f++) out[o + f] = x.data[o + f] / d;
  }
  return mat(x.rows, F, out);
}
