import { test } from 'uvu';
import type { ActKind } from '../../src/runtime/act.ts';
import { activationCpu } from '../../src/kernels/activation.cpu.ts';
import { mat } from '../../src/tensor/mat.ts';
import { expectClose } from '../fixtures.ts';
import { onGpu, randomMat, rng, WIDTHS } from './gpu-harness.ts';

// Relative to max|expected|: exp and tanh on the GPU are within a few ulp; erf is the same A&S formula.
const REL_TOL = 1e-6;
const ROW_TOL = 1e-5;

const ACTS: ActKind[] = ['none', 'relu', 'elu', 'leaky_relu', 'sigmoid', 'tanh', 'gelu', 'gelu_tanh'];
const r = rng(8);

test(`activation: every kind on widths ${WIDTHS.join(', ')}, and on extremes`, async () => {
  for (const kind of ACTS) {
    for (const F of WIDTHS) {
      const x = randomMat(7, F, r);
      for (let i = 0; i < x.data.length; i++) x.data[i] *= 6;
      const act = { kind, param: 0.7 };
      expectClose(
        `activation ${kind} F=${F}`,
        await onGpu((s) => s.activation({ x: s.input(x), act })),
        activationCpu({ x, act }),
        REL_TOL,
        ROW_TOL,
      );
    }
    const big = mat(1, 4, Float32Array.of(-100, -20, 20, 100));
    expectClose(
      `activation ${kind} extremes`,
      await onGpu((s) => s.activation({ x: s.input(big), act: { kind, param: 1 } })),
      activationCpu({ x: big, act: { kind, param: 1 } }),
      REL_TOL,
      ROW_TOL,
    );
  }
});

test('activation: an empty tensor reads back empty', async () => {
  const x = mat(0, 5);
  expectClose(
    'activation empty',
    await onGpu((s) => s.activation({ x: s.input(x), act: { kind: 'relu', param: 0 } })),
    x,
  );
});

test('activation: a launch past 65,535 workgroups folds into y and still covers every element', async () => {
  const x = randomMat(65536 + 7, 64, r); // 65,543 workgroups of 64 invocations
  const act = { kind: 'leaky_relu', param: 0.1 } as const;
  expectClose(
    'activation folded grid',
    await onGpu((s) => s.activation({ x: s.input(x), act })),
    activationCpu({ x, act }),
    REL_TOL,
    ROW_TOL,
  );
});

test.run();
