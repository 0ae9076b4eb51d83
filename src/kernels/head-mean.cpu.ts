import { type Floats, freshFloats } from '../tensor/floats.ts';
import { mat, type Mat } from '../tensor/mat.ts';

/** [N, H·C] → [N, C], the mean over heads: GAT's concat=False (`out.mean(dim=1)`). */
export function headMeanCpu({ x, heads }: { x: Mat; heads: number }, floats: Floats = freshFloats): Mat {
  const C = x.cols / heads;
  if (!Number.isInteger(C)) throw new Error(`headMean: ${x.cols} columns do not split into ${heads} heads`);
  const out = floats(x.rows * C);
  for (let r = 0; r < x.rows; r++) {
    for (let c = 0; c < C; c++) {
      let s = 0;
      for (let h = 0; h < heads; h++) s += x.data[r * x.cols + h * C + c];
      out[r * C + c] = s / heads;
    }
  }
  return mat(x.rows, C, out);
}
