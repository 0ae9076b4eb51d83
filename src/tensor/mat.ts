/** A row-major F32 matrix on the host: the CPU backend's tensor and the unit of upload. */
export interface Mat {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float32Array;
}

export function mat(rows: number, cols: number, data?: Float32Array): Mat {
  const d = data ?? new Float32Array(rows * cols);
  if (d.length !== rows * cols) {
    throw new Error(`matrix data has ${d.length} values, expected ${rows}x${cols} = ${rows * cols}`);
  }
  return { rows, cols, data: d };
}

/** Transpose a [rows, cols] matrix into [cols, rows]. */
export function transpose(m: Mat): Mat {
  const out = new Float32Array(m.rows * m.cols);
  for (let r = 0; r < m.rows; r++) {
    for (let c = 0; c < m.cols; c++) out[c * m.rows + r] = m.data[r * m.cols + c];
  }
  return mat(m.cols, m.rows, out);
}
