import { test } from 'uvu';
import { batchNormCpu } from '../../src/kernels/batch-norm.cpu.ts';
import { mat } from '../../src/tensor/mat.ts';
import { expectClose } from '../fixtures.ts';
import { onGpu, randomMat, rng, WIDTHS } from './gpu-harness.ts';

// Relative to max|expected|: a subtract, a sqrt and a divide in f32 (the twin rounds through doubles).
const REL_TOL = 1e-6;
const ROW_TOL = 1e-5;

const r = rng(11);
test(`batchNorm (eval): with and without affine, widths ${WIDTHS.join(', ')}`, async () => {
  for (const F of WIDTHS) {
    const x = randomMat(20, F, r),
      mean = randomMat(F, 1, r),
      weight = randomMat(F, 1, r),
      bias = randomMat(F, 1, r);
    const variance = mat(
      F,
      1,
      Float32Array.from({ length: F }, () => 0.1 + r()),
    );
    for (const affine of [false, true]) {
      const w = affine ? weight : undefined,
        b = affine ? bias : undefined;
      const gpu = await onGpu((s) =>
        s.batchNorm({
          x: s.input(x),
          mean: s.param(mean),
          variance: s.param(variance),
          weight: w && s.param(w),
          bias: b && s.param(b),
          eps: 1e-5,
        }),
      );
      expectClose(
        `batchNorm F=${F} affine=${affine}`,
        gpu,
        batchNormCpu({ x, mean, variance, weight: w, bias: b, eps: 1e-5 }),
        REL_TOL,
        ROW_TOL,
      );
    }
  }
});

test.run();
