import { test } from 'uvu';
import { concatRowsCpu } from '../../src/kernels/concat-rows.cpu.ts';
import { expectClose } from '../fixtures.ts';
import { onGpu, randomMat, rng, WIDTHS } from './gpu-harness.ts';

// Copies are exact.
const REL_TOL = 0;
const ROW_TOL = 0;

const r = rng(15);
test(`concatRows: empty halves and widths ${WIDTHS.join(', ')}`, async () => {
  for (const F of WIDTHS) {
    for (const [ra, rb] of [
      [0, 3],
      [4, 0],
      [5, 6],
    ]) {
      const a = randomMat(ra, F, r),
        b = randomMat(rb, F, r);
      expectClose(
        `concatRows ${ra}+${rb} F=${F}`,
        await onGpu((s) => s.concatRows({ a: s.input(a), b: s.input(b) })),
        concatRowsCpu({ a, b }),
        REL_TOL,
        ROW_TOL,
      );
    }
  }
});

test.run();
