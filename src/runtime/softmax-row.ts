/**
 * The tail both attention twins share, for one row and one head: softmax over the row's logits
 * `e[0..len)` (PyG utils/_softmax.py: subtract the row max, add 1e-16 to the sum), then
 * out[o..o+C) = Σ_t α_t · msg[col[start+t]·HC + hC .. +C).
 */
export function softmaxAggregateRow(
  e: Float32Array,
  len: number,
  max: number,
  col: Int32Array,
  start: number,
  msg: Float32Array,
  HC: number,
  hC: number,
  C: number,
  out: Float32Array,
  o: number,
): void {
  let sum = 0;
  for (let t = 0; t < len; t++) {
    e[t] = Math.exp(e[t] - max);
    sum += e[t];
  }
  sum += 1e-16;
  for (let t = 0; t < len; t++) {
    const a = e[t] / sum;
    const s = col[start + t] * HC + hC;
    for (let c = 0; c < C; c++) out[o + c] += a * msg[s + c];
  }
}

/** Longest row: the scratch size for a row's logits. */
export function maxRow(rowptr: Int32Array): number {
  let m = 0;
  for (let i = 0; i + 1 < rowptr.length; i++) m = Math.max(m, rowptr[i + 1] - rowptr[i]);
  return m;
}
