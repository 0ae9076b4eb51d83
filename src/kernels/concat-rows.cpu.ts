import { type Floats, freshFloats } from '../tensor/floats.ts';
import { mat, type Mat } from '../tensor/mat.ts';

/** [a; b] along rows: edge values followed by the per-node values of synthetic self loops. */
export function concatRowsCpu({ a, b }: { a: Mat; b: Mat }, floats: Floats = freshFloats): Mat {
  if (a.cols !== b.cols) throw new Error(`concatRows: ${a.cols} and ${b.cols} columns differ`);
  const out = floats(a.data.length + b.data.length);
  out.set(a.data, 0);
  out.set(b.data, a.data.length);
  return mat(a.rows + b.rows, a.cols, out);
}
