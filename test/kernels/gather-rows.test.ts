import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { gatherRowsCpu } from '../../src/kernels/gather-rows.cpu.ts';
import { expectClose } from '../fixtures.ts';
import { onGpu, randomMat, rng, WIDTHS } from './gpu-harness.ts';

// Copies are exact.
const REL_TOL = 0;
const ROW_TOL = 0;

const r = rng(16);
test(`gatherRows: repeated, empty and full index lists at widths ${WIDTHS.join(', ')}`, async () => {
  for (const F of WIDTHS) {
    const x = randomMat(9, F, r);
    for (const idx of [Int32Array.of(8, 0, 0, 3), new Int32Array(0), Int32Array.from({ length: 9 }, (_, i) => 8 - i)]) {
      expectClose(
        `gatherRows F=${F} n=${idx.length}`,
        await onGpu((s) => s.gatherRows({ x: s.input(x), idx })),
        gatherRowsCpu({ x, idx }),
        REL_TOL,
        ROW_TOL,
      );
    }
  }
});

test('gatherRows: an index out of range is an error naming it, before any GPU work', async () => {
  const x = randomMat(3, 2, r);
  await onGpu((s) => {
    assert.throws(
      () => s.gatherRows({ x: s.input(x), idx: Int32Array.of(0, 3) }),
      /gather-rows: idx\[1\] = 3 is not in \[0, 2\]/,
    );
    return s.input(x);
  });
});

test.run();
