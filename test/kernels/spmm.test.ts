import { test } from 'uvu';
import { cpuGraph } from '../../src/runtime/cpu-graph.ts';
import { spmmCpu } from '../../src/kernels/spmm.cpu.ts';
import { expectClose } from '../fixtures.ts';
import { graphCases, onGpu, randomMat, rng, VEC4_WIDTHS, WIDTHS } from './gpu-harness.ts';

// Relative to max|expected| (and 10x that per row): a row on one invocation sums in CSR order like the
// twin, but a hub row's slots are strided over a workgroup's lanes and lane 0 adds the lanes' partials
// in lane order, a different f32 summation order over 5,000 terms.
const REL_TOL = 1e-5;
const ROW_TOL = 1e-4;

const RELU = { kind: 'relu', param: 0 } as const;
const ELU = { kind: 'elu', param: 0.5 } as const;

const r = rng(1);
for (const { name, csr, profiles } of graphCases()) {
  for (const profile of profiles) {
    for (const aggr of ['sum', 'mean', 'max'] as const) {
      test(`spmm ${aggr} on ${name}: GPU matches the CPU twin at widths ${WIDTHS.join(', ')} [${profile}]`, async () => {
        const g = cpuGraph(csr);
        for (const F of [...WIDTHS, ...VEC4_WIDTHS]) {
          const x = randomMat(csr.numSrc, F, r);
          expectClose(
            `spmm ${aggr} F=${F}`,
            await onGpu((s) => s.spmm({ g: s.graph(csr), x: s.input(x), aggr }), profile),
            spmmCpu({ g, x, aggr }),
            REL_TOL,
            ROW_TOL,
          );
        }
      });
    }
    test(`spmm weighted sum on ${name} [${profile}]`, async () => {
      const g = cpuGraph(csr);
      const ew = randomMat(g.nnz, 1, r);
      for (const F of [...WIDTHS, ...VEC4_WIDTHS]) {
        const x = randomMat(csr.numSrc, F, r);
        const gpu = await onGpu(
          (s) => s.spmm({ g: s.graph(csr), x: s.input(x), aggr: 'sum', ew: s.input(ew) }),
          profile,
        );
        expectClose(`spmm sum+ew F=${F}`, gpu, spmmCpu({ g, x, aggr: 'sum', ew }), REL_TOL, ROW_TOL);
      }
    });
    test(`spmm with a fused bias and activation on ${name} [${profile}]`, async () => {
      const g = cpuGraph(csr);
      const ew = randomMat(g.nnz, 1, r);
      for (const F of [...WIDTHS, ...VEC4_WIDTHS]) {
        const x = randomMat(csr.numSrc, F, r),
          bias = randomMat(F, 1, r);
        for (const [aggr, act, w] of [
          ['mean', ELU, undefined],
          ['max', RELU, undefined],
          ['sum', RELU, ew],
        ] as const) {
          const gpu = await onGpu(
            (s) => s.spmm({ g: s.graph(csr), x: s.input(x), aggr, ew: w && s.input(w), bias: s.param(bias), act }),
            profile,
          );
          expectClose(
            `spmm ${aggr}+bias+${act.kind} F=${F}`,
            gpu,
            spmmCpu({ g, x, aggr, ew: w, bias, act }),
            REL_TOL,
            ROW_TOL,
          );
        }
      }
    });
  }
}

test.run();
