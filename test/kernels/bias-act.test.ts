import { test } from 'uvu';
import { biasActCpu } from '../../src/kernels/bias-act.cpu.ts';
import { expectClose } from '../fixtures.ts';
import { onGpu, randomMat, rng, WIDTHS } from './gpu-harness.ts';

// Relative to max|expected|: one f32 add and an activation within a few ulp.
const REL_TOL = 1e-6;
const ROW_TOL = 1e-5;

const r = rng(9);
test(`biasAct: with and without bias, widths ${WIDTHS.join(', ')}`, async () => {
  for (const F of WIDTHS) {
    for (const rows of [0, 1, 50]) {
      const x = randomMat(rows, F, r),
        bias = randomMat(F, 1, r);
      for (const b of [undefined, bias]) {
        const act = { kind: 'elu', param: 1 } as const;
        expectClose(
          `biasAct F=${F} rows=${rows}`,
          await onGpu((s) => s.biasAct({ x: s.input(x), bias: b && s.param(b), act })),
          biasActCpu({ x, bias: b, act }),
          REL_TOL,
          ROW_TOL,
        );
      }
    }
  }
});

test.run();
