import { type Floats, freshFloats } from '../tensor/floats.ts';
import { mat, type Mat } from '../tensor/mat.ts';
import { activateInPlace, type Act } from '../runtime/act.ts';
import type { GemmArgs } from '../runtime/ops.ts';

/**
 * out[M,N] = act(x[M,K] · w[N,K]ᵀ + bias + add), torch.nn.functional.linear. Both operands are
 * read along K contiguously; 4 rows × 2 columns of outputs per step keep 8 sums in registers.
 */
export function gemmCpu({ x, w, bias, add, act }: GemmArgs<Mat>, floats: Floats = freshFloats): Mat {
  const M = x.rows,
    K = x.cols,
    N = w.rows;
  if (w.cols !== K) throw new Error(`gemm: x is [${M},${K}] but w is [${N},${w.cols}], expected [${N},${K}]`);
  const out = floats(M * N);
  const X = x.data,
    W = w.data;
  let i = 0;
  for (; i + 4 <= M; i += 4) {
    const r0 = i * K,
      r1 = r0 + K,
      r2 = r1 + K,
      r3 = r2 + K;
    let n = 0;
    for (; n + 2 <= N; n += 2) {
      const w0 = n * K,
        w1 = w0 + K;
      let s00 = 0,
        s01 = 0,
        s10 = 0,
        s11 = 0,
        s20 = 0,
        s21 = 0,
        s30 = 0,
        s31 = 0;
      for (let k = 0; k < K; k++) {
        const a = W[w0 + k],
          b = W[w1 + k];
        const x0 = X[r0 + k],
          x1 = X[r1 + k],
          x2 = X[r2 + k],
          x3 = X[r3 + k];
        s00 += x0 * a;
        s01 += x0 * b;
        s10 += x1 * a;
        s11 += x1 * b;
        s20 += x2 * a;
        s21 += x2 * b;
        s30 += x3 * a;
        s31 += x3 * b;
      }
      out[i * N + n] = s00;
      out[i * N + n + 1] = s01;
      out[(i + 1) * N + n] = s10;
      out[(i + 1) * N + n + 1] = s11;
      out[(i + 2) * N + n] = s20;
      out[(i + 2) * N + n + 1] = s21;
      out[(i + 3) * N + n] = s30;
      out[(i + 3) * N + n + 1] = s31;
    }
    for (; n < N; n++) for (let r = 0; r < 4; r++) out[(i + r) * N + n] = dot(X, (i + r) * K, W, n * K, K);
  }
  // The last M % 4 rows (all of them for a one-target batch): one row × 4 columns per step.
  for (; i < M; i++) {
    const r = i * K;
    let n = 0;
    for (; n + 4 <= N; n += 4) {
      const w0 = n * K,
        w1 = w0 + K,
        w2 = w1 + K,
        w3 = w2 + K;
      let s0 = 0,
        s1 = 0,
        s2 = 0,
        s3 = 0;
      for (let k = 0; k < K; k++) {
        const a = X[r + k];
        s0 += a * W[w0 + k];
        s1 += a * W[w1 + k];
        s2 += a * W[w2 + k];
        s3 += a * W[w3 + k];
      }
      out[i * N + n] = s0;
      out[i * N + n + 1] = s1;
      out[i * N + n + 2] = s2;
      out[i * N + n + 3] = s3;
    }
    for (; n < N; n++) out[i * N + n] = dot(X, r, W, n * K, K);
  }
  epilogue(out, M, N, bias?.data, add?.data, act);
  return mat(M, N, out);
}

function dot(a: Float32Array, ao: number, b: Float32Array, bo: number, k: number): number {
  let s = 0;
  for (let t = 0; t < k; t++) s += a[ao + t] * b[bo + t];
  return s;
}

function epilogue(
  out: Float32Array,
  M: number,
  N: number,
  bias: Float32Array | undefined,
  add: Float32Array | undefined,
  act: Act,
): void {
  if (bias) for (let i = 0, o = 0; i < M; i++, o += N) for (let n = 0; n < N; n++) out[o + n] += bias[n];
  if (add) for (let i = 0; i < out.length; i++) out[i] += add[i];
  activateInPlace(out, act);
}
