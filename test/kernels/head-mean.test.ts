import { test } from 'uvu';
import { headMeanCpu } from '../../src/kernels/head-mean.cpu.ts';
import { expectClose } from '../fixtures.ts';
import { onGpu, randomMat, rng, WIDTHS } from './gpu-harness.ts';

// Relative to max|expected|: an H-long f32 sum and a divide (the twin sums in doubles).
const REL_TOL = 1e-6;
const ROW_TOL = 1e-5;

const r = rng(14);
test(`headMean: heads 1, 2, 3 over channels ${WIDTHS.join(', ')}`, async () => {
  for (const C of WIDTHS) {
    for (const heads of [1, 2, 3]) {
      const x = randomMat(11, heads * C, r);
      expectClose(
        `headMean H=${heads} C=${C}`,
        await onGpu((s) => s.headMean({ x: s.input(x), heads })),
        headMeanCpu({ x, heads }),
        REL_TOL,
        ROW_TOL,
      );
    }
  }
});

test.run();
