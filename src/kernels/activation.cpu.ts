import { type Floats, freshFloats } from '../tensor/floats.ts';
import { mat, type Mat } from '../tensor/mat.ts';
import { activateInPlace, type Act } from '../runtime/act.ts';

/** Elementwise activation (torch.nn.functional semantics, see runtime/act.ts). */
export function activationCpu({ x, act }: { x: Mat; act: Act }, floats: Floats = freshFloats): Mat {
  const out = floats(x.data.length);
  out.set(x.data);
  activateInPlace(out, act);
  return mat(x.rows, x.cols, out);
}
