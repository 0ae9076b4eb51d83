import { groupsFor, WG } from '../runtime/gpu-check.ts';
import type { GpuTensor } from '../runtime/gpu-run.ts';
import type { LayerNormArgs } from '../runtime/ops.ts';

const STEM = 'layer-norm';

/** Per-row LayerNorm on the GPU, one invocation per row (rows are node features: short). */
export function layerNorm({ x, weight, bias, eps }: LayerNormArgs<GpuTensor>): GpuTensor {
  for (const [field, t] of [
    ['weight', weight],
    ['bias', bias],
  ] as const) {
    if (t && t.rows * t.cols !== x.cols)
      throw new Error(`${STEM}: '${field}' has ${t.rows * t.cols} values, expected ${x.cols} (one per column of x)`);
  }
  const run = x.run;
  const out = run.tensor(x.rows, x.cols, STEM);
  const bind = { 1: x.buffer, 2: weight?.buffer ?? run.dummy, 3: bias?.buffer ?? run.dummy, 4: out.buffer };
  run.dispatch({
    stem: STEM,
    entry: 'main',
    constants: { WG, HAS_WEIGHT: weight ? 1 : 0, HAS_BIAS: bias ? 1 : 0 },
    u: [x.rows, x.cols],
    f: [eps],
    bind,
    groups: groupsFor(x.rows),
  });
  return out;
}
