import { test } from 'uvu';
import { binaryCpu } from '../../src/kernels/binary.cpu.ts';
import { expectClose } from '../fixtures.ts';
import { onGpu, randomMat, rng, WIDTHS } from './gpu-harness.ts';

// Relative to max|expected|: max/min are exact; axpby is two f32 multiplies and an add.
const REL_TOL = 1e-6;
const ROW_TOL = 1e-5;

const r = rng(10);
test(`binary: axpby, max, min at widths ${WIDTHS.join(', ')}`, async () => {
  for (const F of WIDTHS) {
    const x = randomMat(13, F, r),
      y = randomMat(13, F, r);
    for (const op of ['axpby', 'max', 'min'] as const) {
      const gpu = await onGpu((s) => s.binary({ x: s.input(x), y: s.input(y), op, a: 1.5, b: -0.25 }));
      expectClose(`binary ${op} F=${F}`, gpu, binaryCpu({ x, y, op, a: 1.5, b: -0.25 }), REL_TOL, ROW_TOL);
    }
  }
});

test('binary: 150 chained launches in one session (past one 64-slot uniform buffer) match the twin', async () => {
  const x = randomMat(5, 3, r),
    y = randomMat(5, 3, r);
  let want = x;
  for (let i = 0; i < 150; i++) want = binaryCpu({ x: want, y, op: 'axpby', a: 0.9, b: 0.1 });
  const got = await onGpu((s) => {
    const yy = s.input(y);
    let t = s.input(x);
    for (let i = 0; i < 150; i++) t = s.binary({ x: t, y: yy, op: 'axpby', a: 0.9, b: 0.1 });
    return t;
  });
  expectClose('binary chain', got, want, REL_TOL * 10, ROW_TOL * 10); // 150 f32 roundings in a row
});

test.run();
