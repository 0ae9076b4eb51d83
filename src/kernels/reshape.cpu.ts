import { mat, type Mat } from '../tensor/mat.ts';

/** The same row-major values as [rows, cols] (RGCN reads [N, R·H] as [N·R, H]: one row per node and relation). */
export function reshapeCpu({ x, rows, cols }: { x: Mat; rows: number; cols: number }): Mat {
  if (rows * cols !== x.rows * x.cols)
    throw new Error(
      `reshape: [${x.rows},${x.cols}] has ${x.rows * x.cols} values, cannot be seen as [${rows},${cols}]`,
    );
  return mat(rows, cols, x.data);
}
