import { test } from 'uvu';
import { cpuGraph } from '../../src/runtime/cpu-graph.ts';
import { gineAggregateCpu } from '../../src/kernels/gine-aggregate.cpu.ts';
import { expectClose } from '../fixtures.ts';
import { graphCases, onGpu, randomMat, rng, VEC4_WIDTHS, WIDTHS } from './gpu-harness.ts';

// Relative to max|expected|: in-order sums per lane; only the hub, strided over a workgroup's lanes and
// folded in lane order, reorders f32 adds.
const REL_TOL = 1e-5;
const ROW_TOL = 1e-4;

const r = rng(5);
for (const { name, csr, profiles } of graphCases()) {
  for (const profile of profiles) {
    test(`gineAggregate on ${name} at widths ${WIDTHS.join(', ')} [${profile}]`, async () => {
      const g = cpuGraph(csr);
      for (const F of [...WIDTHS, ...VEC4_WIDTHS]) {
        const x = randomMat(csr.numSrc, F, r),
          e = randomMat(csr.numEdges, F, r);
        expectClose(
          `gineAggregate F=${F}`,
          await onGpu((s) => s.gineAggregate({ g: s.graph(csr), x: s.input(x), e: s.input(e) }), profile),
          gineAggregateCpu({ g, x, e }),
          REL_TOL,
          ROW_TOL,
        );
      }
    });
  }
}

test.run();
