import { type Floats, freshFloats } from '../tensor/floats.ts';
import { mat, type Mat } from '../tensor/mat.ts';
import type { BinaryArgs } from '../runtime/ops.ts';

/** a·x + b·y, or elementwise max / min: GIN's (1+eps)·x + Σ, HeteroConv's group(). */
export function binaryCpu({ x, y, op, a, b }: BinaryArgs<Mat>, floats: Floats = freshFloats): Mat {
  if (x.rows !== y.rows || x.cols !== y.cols)
    throw new Error(`binary ${op}: shapes [${x.rows},${x.cols}] and [${y.rows},${y.cols}] differ`);
  const out = floats(x.data.length);
  const X = x.data,
    Y = y.data;
  if (op === 'axpby') for (let i = 0; i < out.length; i++) out[i] = a * X[i] + b * Y[i];
  else if (op === 'max') for (let i = 0; i < out.length; i++) out[i] = X[i] > Y[i] ? X[i] : Y[i];
  else for (let i = 0; i < out.length; i++) out[i] = X[i] < Y[i] ? X[i] : Y[i];
  return mat(x.rows, x.cols, out);
}
