import { test } from 'uvu';
import { cpuGraph } from '../../src/runtime/cpu-graph.ts';
import { gcnNormCpu } from '../../src/kernels/gcn-norm.cpu.ts';
import { withSelfLoops } from '../../src/tensor/csr.ts';
import { mat } from '../../src/tensor/mat.ts';
import { expectClose } from '../fixtures.ts';
import { graphCases, onGpu, rng } from './gpu-harness.ts';

// Relative to max|expected|: a degree is a sum of positive weights (at the hub strided over a workgroup's
// lanes, then folded in lane order), then 1/sqrt.
const REL_TOL = 1e-5;
const ROW_TOL = 1e-4;

const r = rng(2);
for (const { name, csr: plain, profiles } of graphCases()) {
  for (const profile of profiles) {
    const csr = withSelfLoops(plain, 'remaining');
    const g = cpuGraph(csr);
    for (const fill of [1, 2]) {
      test(`gcnNorm on ${name} with loops, fill ${fill}, with and without edge weights [${profile}]`, async () => {
        expectClose(
          'gcnNorm',
          await onGpu((s) => s.gcnNorm({ g: s.graph(csr), fill }), profile),
          gcnNormCpu({ g, fill }),
          REL_TOL,
          ROW_TOL,
        );
        const ew = mat(
          csr.numEdges,
          1,
          Float32Array.from({ length: csr.numEdges }, () => 0.1 + r()),
        );
        const gpu = await onGpu((s) => s.gcnNorm({ g: s.graph(csr), ew: s.input(ew), fill }), profile);
        expectClose('gcnNorm ew', gpu, gcnNormCpu({ g, ew, fill }), REL_TOL, ROW_TOL);
      });
    }
  }
}

test.run();
