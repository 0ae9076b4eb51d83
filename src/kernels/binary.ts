import { groupsFor, WG } from '../runtime/gpu-check.ts';
import type { GpuTensor } from '../runtime/gpu-run.ts';
import type { BinaryArgs } from '../runtime/ops.ts';

const STEM = 'binary';
const OP = { axpby: 0, max: 1, min: 2 } as const;

/** a·x + b·y or elementwise max / min on the GPU, one invocation per 4 elements. */
export function binary({ x, y, op, a, b }: BinaryArgs<GpuTensor>): GpuTensor {
  if (x.rows !== y.rows || x.cols !== y.cols)
    throw new Error(`${STEM} ${op}: shapes [${x.rows},${x.cols}] and [${y.rows},${y.cols}] differ`);
  const out = x.run.tensor(x.rows, x.cols, STEM);
  const n4 = Math.ceil((x.rows * x.cols) / 4);
  x.run.dispatch({
    stem: STEM,
    entry: 'main',
    constants: { WG, OP: OP[op] },
    u: [n4],
    f: [a, b],
    bind: { 1: x.buffer, 2: y.buffer, 3: out.buffer },
    groups: groupsFor(n4),
  });
  return out;
}
