import { test } from 'uvu';
import { layerNormCpu } from '../../src/kernels/layer-norm.cpu.ts';
import { expectClose } from '../fixtures.ts';
import { onGpu, randomMat, rng, WIDTHS } from './gpu-harness.ts';

// Relative to max|expected|: a row's mean and variance are F-long f32 sums (the twin sums in doubles).
const REL_TOL = 1e-5;
const ROW_TOL = 1e-4;

const r = rng(12);
test(`layerNorm: with and without affine, widths ${WIDTHS.join(', ')}`, async () => {
  for (const F of WIDTHS) {
    const x = randomMat(20, F, r),
      weight = randomMat(F, 1, r),
      bias = randomMat(F, 1, r);
    for (const affine of [false, true]) {
      const w = affine ? weight : undefined,
        b = affine ? bias : undefined;
      const gpu = await onGpu((s) =>
        s.layerNorm({ x: s.input(x), weight: w && s.param(w), bias: b && s.param(b), eps: 1e-5 }),
      );
      expectClose(
        `layerNorm F=${F} affine=${affine}`,
        gpu,
        layerNormCpu({ x, weight: w, bias: b, eps: 1e-5 }),
        REL_TOL,
        ROW_TOL,
      );
    }
  }
});

test.run();
