import type { GpuTensor } from '../runtime/gpu-run.ts';

const STEM = 'concat-rows';

/** [a; b] along rows on the GPU: row-major, so two buffer copies and no shader. */
export function concatRows({ a, b }: { a: GpuTensor; b: GpuTensor }): GpuTensor {
  if (a.cols !== b.cols) throw new Error(`${STEM}: ${a.cols} and ${b.cols} columns differ`);
  const out = a.run.tensor(a.rows + b.rows, a.cols, STEM);
  const bytes = a.rows * a.cols * 4;
  a.run.copy(a.buffer, 0, out.buffer, 0, bytes);
  a.run.copy(b.buffer, 0, out.buffer, bytes, b.rows * b.cols * 4);
  return out;
}
