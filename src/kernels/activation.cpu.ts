import { mat, type Mat } from '../tensor/mat.ts';
import { activate, type Act } from './act.ts';

/** Elementwise activation (torch.nn.functional semantics, see act.ts). */
export function activationCpu({ x, act }: { x: Mat; act: Act }): Mat {
  const out = new Float32Array(x.data.length);
  for (let i = 0; i < out.length; i++) out[i] = activate(x.data[i], act.kind, act.param);
  return mat(x.rows, x.cols, out);
}
