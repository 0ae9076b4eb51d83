import { type Floats, freshFloats } from '../tensor/floats.ts';
import { mat, type Mat } from '../tensor/mat.ts';
import { activateInPlace, type Act } from '../runtime/act.ts';

/** out = act(x + bias), bias broadcast over rows: a conv's trailing `out + self.bias`. */
export function biasActCpu({ x, bias, act }: { x: Mat; bias?: Mat; act: Act }, floats: Floats = freshFloats): Mat {
  const F = x.cols;
  const out = floats(x.data.length);
  out.set(x.data);
  if (bias) for (let r = 0, o = 0; r < x.rows; r++, o += F) for (let f = 0; f < F; f++) out[o + f] += bias.data[f];
  activateInPlace(out, act);
  return mat(x.rows, F, out);
}
