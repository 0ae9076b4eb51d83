import { ACT_CODE, type Act } from '../runtime/act.ts';
import { groupsFor, WG } from '../runtime/gpu-check.ts';
import type { GpuTensor } from '../runtime/gpu-run.ts';

const STEM = 'activation';

/** Elementwise activation on the GPU, one invocation per 4 elements. */
export function activation({ x, act }: { x: GpuTensor; act: Act }): GpuTensor {
  const out = x.run.tensor(x.rows, x.cols, STEM);
  const n4 = Math.ceil((x.rows * x.cols) / 4);
  x.run.dispatch({
    stem: STEM,
    lib: ['act'],
    entry: 'main',
    constants: { WG, ACT: ACT_CODE[act.kind] },
    u: [n4],
    f: [act.param],
    bind: { 1: x.buffer, 2: out.buffer },
    groups: groupsFor(n4),
  });
  return out;
}
