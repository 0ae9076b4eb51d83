import { mat, type Mat } from '../tensor/mat.ts';
import { activate, type Act } from './act.ts';

/** out = act(x + bias), bias broadcast over rows: a conv's trailing `out + self.bias`. */
export function biasActCpu({ x, bias, act }: { x: Mat; bias?: Mat; act: Act }): Mat {
  const F = x.cols;
  const out = new Float32Array(x.data.length);
  for (let i = 0; i < out.length; i++) out[i] = activate(x.data[i] + (bias ? bias.data[i % F] : 0), act.kind, act.param);
  return mat(x.rows, F, out);
}
