import { type Floats, freshFloats } from '../tensor/floats.ts';
import { mat, type Mat } from '../tensor/mat.ts';
import type { LayerNormArgs } from '../runtime/ops.ts';

/** torch.nn.LayerNorm over each row: biased variance, (x - μ) / sqrt(σ² + eps) · weight + bias. */
export function layerNormCpu({ x, weight, bias, eps }: LayerNormArgs<Mat>, floats: Floats = freshFloats): Mat {
  const F = x.cols;
  const out = floats(x.data.length);
  for (let r = 0; r < x.rows; r++) {
    const o = r * F;
    let mu = 0;
    for (let f = 0; f < F; f++) mu += x.data[o + f];
    mu /= F;
    let v = 0;
    for (let f = 0; f < F; f++) v += (x.data[o + f] - mu) ** 2;
    const inv = 1 / Math.sqrt(v / F + eps);
    for (let f = 0; f < F; f++) {
      let y = (x.data[o + f] - mu) * inv;
      if (weight) y *= weight.data[f];
      if (bias) y += bias.data[f];
      out[o + f] = y;
    }
  }
  return mat(x.rows, F, out);
}
