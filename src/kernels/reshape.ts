import type { GpuTensor } from '../runtime/gpu-run.ts';

const STEM = 'reshape';

/** The same row-major values as [rows, cols] on the GPU: the buffer itself, no copy and no shader. */
export function reshape({ x, rows, cols }: { x: GpuTensor; rows: number; cols: number }): GpuTensor {
  if (rows * cols !== x.rows * x.cols)
    throw new Error(
      `${STEM}: [${x.rows},${x.cols}] has ${x.rows * x.cols} values, cannot be seen as [${rows},${cols}]`,
    );
  return { ...x, rows, cols };
}
