import { type Floats, freshFloats } from '../tensor/floats.ts';
import { mat, type Mat } from '../tensor/mat.ts';
import type { BatchNormArgs } from '../runtime/ops.ts';

/** BatchNorm1d in eval: (x - running_mean) / sqrt(running_var + eps) · weight + bias, per column. */
export function batchNormCpu(
  { x, mean, variance, weight, bias, eps }: BatchNormArgs<Mat>,
  floats: Floats = freshFloats,
): Mat {
  const F = x.cols;
  const out = floats(x.data.length);
  for (let i = 0; i < out.length; i++) {
    const f = i % F;
    let v = (x.data[i] - mean.data[f]) / Math.sqrt(variance.data[f] + eps);
    if (weight) v *= weight.data[f];
    if (bias) v += bias.data[f];
    out[i] = v;
  }
  return mat(x.rows, F, out);
}
