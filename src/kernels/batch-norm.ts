import { groupsFor, WG } from '../runtime/gpu-check.ts';
import type { GpuTensor } from '../runtime/gpu-run.ts';
import type { BatchNormArgs } from '../runtime/ops.ts';

const STEM = 'batch-norm';

/** Eval-mode BatchNorm1d on the GPU, one invocation per 4 elements. */
export function batchNorm({ x, mean, variance, weight, bias, eps }: BatchNormArgs<GpuTensor>): GpuTensor {
  for (const [field, t] of [
    ['mean', mean],
    ['variance', variance],
    ['weight', weight],
    ['bias', bias],
  ] as const) {
    if (t && t.rows * t.cols !== x.cols)
      throw new Error(`${STEM}: '${field}' has ${t.rows * t.cols} values, expected ${x.cols} (one per column of x)`);
  }
  const run = x.run;
  const out = run.tensor(x.rows, x.cols, STEM);
  const n4 = Math.ceil((x.rows * x.cols) / 4);
  const bind = {
    1: x.buffer,
    2: mean.buffer,
    3: variance.buffer,
    4: weight?.buffer ?? run.dummy,
    5: bias?.buffer ?? run.dummy,
    6: out.buffer,
  };
  run.dispatch({
    stem: STEM,
    entry: 'main',
    constants: { WG, HAS_WEIGHT: weight ? 1 : 0, HAS_BIAS: bias ? 1 : 0 },
    u: [n4, x.cols],
    f: [eps],
    bind,
    groups: groupsFor(n4),
  });
  return out;
}
