import { ACT_CODE, type Act } from '../runtime/act.ts';
import { groupsFor, WG } from '../runtime/gpu-check.ts';
import type { GpuTensor } from '../runtime/gpu-run.ts';

const STEM = 'bias-act';

/** act(x + bias) on the GPU, one invocation per 4 elements. */
export function biasAct({ x, bias, act }: { x: GpuTensor; bias?: GpuTensor; act: Act }): GpuTensor {
  if (bias && bias.rows * bias.cols !== x.cols)
    throw new Error(`${STEM}: 'bias' has ${bias.rows * bias.cols} values, expected ${x.cols} (one per column of x)`);
  const out = x.run.tensor(x.rows, x.cols, STEM);
  const n4 = Math.ceil((x.rows * x.cols) / 4);
  x.run.dispatch({
    stem: STEM,
    lib: ['act'],
    entry: 'main',
    constants: { WG, ACT: ACT_CODE[act.kind], HAS_BIAS: bias ? 1 : 0 },
    u: [n4, x.cols],
    f: [act.param],
    bind: { 1: x.buffer, 2: bias?.buffer ?? x.run.dummy, 3: out.buffer },
    groups: groupsFor(n4),
  });
  return out;
}
