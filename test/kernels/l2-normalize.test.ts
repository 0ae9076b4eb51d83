import { test } from 'uvu';
import { l2NormalizeCpu } from '../../src/kernels/l2-normalize.cpu.ts';
import { expectClose } from '../fixtures.ts';
import { onGpu, randomMat, rng, WIDTHS } from './gpu-harness.ts';

// Relative to max|expected|: an F-long f32 sum of squares (the twin sums in doubles), a sqrt, a divide.
const REL_TOL = 1e-5;
const ROW_TOL = 1e-4;

const r = rng(13);
test(`l2Normalize: widths ${WIDTHS.join(', ')}, a zero row stays 0`, async () => {
  for (const F of WIDTHS) {
    const x = randomMat(20, F, r);
    x.data.fill(0, 0, F);
    expectClose(
      `l2Normalize F=${F}`,
      await onGpu((s) => s.l2Normalize({ x: s.input(x), eps: 1e-12 })),
      l2NormalizeCpu({ x, eps: 1e-12 }),
      REL_TOL,
      ROW_TOL,
    );
  }
});

test.run();
