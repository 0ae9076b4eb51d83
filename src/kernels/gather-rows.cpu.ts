import { type Floats, freshFloats } from '../tensor/floats.ts';
import { mat, type Mat } from '../tensor/mat.ts';

/** out[r] = x[idx[r]]: the target rows of a batch. Indices are checked where the batch is made. */
export function gatherRowsCpu({ x, idx }: { x: Mat; idx: Int32Array }, floats: Floats = freshFloats): Mat {
  const F = x.cols;
  const out = floats(idx.length * F);
  for (let r = 0; r < idx.length; r++) out.set(x.data.subarray(idx[r] * F, idx[r] * F + F), r * F);
  return mat(idx.length, F, out);
}
