import { groupsFor, WG } from '../runtime/gpu-check.ts';
import type { GpuTensor } from '../runtime/gpu-run.ts';

const STEM = 'gather-rows';

/** out[r] = x[idx[r]] on the GPU; idx comes from the host and is uploaded with the call. */
export function gatherRows({ x, idx }: { x: GpuTensor; idx: Int32Array }): GpuTensor {
  for (let r = 0; r < idx.length; r++) {
    if (idx[r] < 0 || idx[r] >= x.rows) throw new Error(`${STEM}: idx[${r}] = ${idx[r]} is not in [0, ${x.rows - 1}]`);
  }
  const run = x.run;
  const out = run.tensor(idx.length, x.cols, STEM);
  const n = idx.length * x.cols;
  run.dispatch({
    stem: STEM,
    entry: 'main',
    constants: { WG },
    u: [idx.length, x.cols],
    bind: { 1: x.buffer, 2: run.upload(idx), 3: out.buffer },
    groups: groupsFor(n),
  });
  return out;
}
