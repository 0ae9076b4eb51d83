import { test } from 'uvu';
import type { ActKind } from '../../src/runtime/act.ts';
import { gemmCpu } from '../../src/kernels/gemm.cpu.ts';
import { expectClose } from '../fixtures.ts';
import { onGpu, PROFILES, randomMat, rng, WIDTHS } from './gpu-harness.ts';

// Relative to max|expected|: K-long f32 dot products; the twin sums k in order, the register-blocked
// variant too, the tiled one in TS-wide slices. Activations: GPU exp/tanh within a few ulp.
const REL_TOL = 1e-5;
const ROW_TOL = 1e-4;

const ACTS: ActKind[] = ['none', 'relu', 'elu', 'leaky_relu', 'sigmoid', 'tanh', 'gelu', 'gelu_tanh'];
const r = rng(6);

for (const profile of ['cpu-like', 'gpu-like'] as const) {
  const variant = PROFILES[profile].gemm;
  test(`gemm ${variant}: M in {0, 1, 9, 100}, K and N in {${WIDTHS.join(', ')}}, bias and add`, async () => {
    for (const M of [0, 1, 9, 100]) {
      for (const K of WIDTHS) {
        for (const N of WIDTHS) {
          const x = randomMat(M, K, r),
            w = randomMat(N, K, r),
            bias = randomMat(N, 1, r),
            add = randomMat(M, N, r);
          const act = { kind: ACTS[(M + K + N) % ACTS.length], param: 0.3 };
          const gpu = await onGpu(
            (s) => s.gemm({ x: s.input(x), w: s.param(w), bias: s.param(bias), add: s.input(add), act }),
            profile,
          );
          expectClose(
            `gemm ${variant} M=${M} K=${K} N=${N} ${act.kind}`,
            gpu,
            gemmCpu({ x, w, bias, add, act }),
            REL_TOL,
            ROW_TOL,
          );
        }
      }
    }
  });

  test(`gemm ${variant}: every activation, no bias, no add`, async () => {
    const x = randomMat(33, 20, r),
      w = randomMat(7, 20, r);
    for (const kind of ACTS) {
      const act = { kind, param: 0.1 };
      expectClose(
        `gemm ${variant} ${kind}`,
        await onGpu((s) => s.gemm({ x: s.input(x), w: s.param(w), act }), profile),
        gemmCpu({ x, w, act }),
        REL_TOL,
        ROW_TOL,
      );
    }
  });
}

test.run();
