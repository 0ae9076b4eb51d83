import { groupsFor, WG } from '../runtime/gpu-check.ts';
import type { GpuTensor } from '../runtime/gpu-run.ts';

const STEM = 'l2-normalize';

/** Row-wise L2 normalisation on the GPU, one invocation per row. */
export function l2Normalize({ x, eps }: { x: GpuTensor; eps: number }): GpuTensor {
  const out = x.run.tensor(x.rows, x.cols, STEM);
  x.run.dispatch({
    stem: STEM,
    entry: 'main',
    constants: { WG },
    u: [x.rows, x.cols],
    f: [eps],
    bind: { 1: x.buffer, 2: out.buffer },
    groups: groupsFor(x.rows),
  });
  return out;
}
