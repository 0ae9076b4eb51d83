import { groupsFor, WG } from '../runtime/gpu-check.ts';
import type { GpuTensor } from '../runtime/gpu-run.ts';

const STEM = 'head-mean';

/** Mean over attention heads on the GPU, one invocation per output element. */
export function headMean({ x, heads }: { x: GpuTensor; heads: number }): GpuTensor {
  const C = x.cols / heads;
  if (!Number.isInteger(C)) throw new Error(`${STEM}: ${x.cols} columns do not split into ${heads} heads`);
  const out = x.run.tensor(x.rows, C, STEM);
  x.run.dispatch({
    stem: STEM,
    entry: 'main',
    constants: { WG },
    u: [x.rows, heads, C],
    bind: { 1: x.buffer, 2: out.buffer },
    groups: groupsFor(x.rows * C),
  });
  return out;
}
