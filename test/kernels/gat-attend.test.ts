import { test } from 'uvu';
import { cpuGraph } from '../../src/runtime/cpu-graph.ts';
import { gatAttendCpu } from '../../src/kernels/gat-attend.cpu.ts';
import { withSelfLoops } from '../../src/tensor/csr.ts';
import { expectClose } from '../fixtures.ts';
import { graphCases, onGpu, randomMat, rng, VEC4_WIDTHS, WIDTHS } from './gpu-harness.ts';

// Relative to max|expected|: exp on the GPU is within a few ulp of Math.exp, and the hub's exp-sum and
// weighted sum over 5,000 terms are strided over a workgroup's lanes, whose partials lane 0 adds in
// lane order, instead of summed in CSR order.
const REL_TOL = 1e-5;
const ROW_TOL = 1e-4;

const r = rng(3);
for (const { name, csr: plain, profiles } of graphCases()) {
  for (const profile of profiles) {
    // GAT replaces loops: every row but the empty graph's is non-empty, and the raw graph keeps empty rows.
    for (const [what, csr] of [
      ['raw', plain],
      ['with loops', withSelfLoops(plain, 'replace')],
    ] as const) {
      test(`gatAttend on ${name} (${what}): heads 1 and 2, widths ${WIDTHS.join(', ')}, with and without edge logits [${profile}]`, async () => {
        const g = cpuGraph(csr);
        for (const heads of [1, 2]) {
          for (const C of [...WIDTHS, ...VEC4_WIDTHS]) {
            const x = randomMat(csr.numSrc, heads * C, r);
            const aSrc = randomMat(csr.numSrc, heads, r),
              aDst = randomMat(csr.numDst, heads, r);
            const aEdge = randomMat(csr.numEdges + csr.numDst, heads, r);
            for (const edge of [undefined, aEdge]) {
              const gpu = await onGpu(
                (s) =>
                  s.gatAttend({
                    g: s.graph(csr),
                    x: s.input(x),
                    aSrc: s.input(aSrc),
                    aDst: s.input(aDst),
                    aEdge: edge && s.input(edge),
                    heads,
                    slope: 0.2,
                  }),
                profile,
              );
              expectClose(
                `gatAttend H=${heads} C=${C}${edge ? ' +edge' : ''}`,
                gpu,
                gatAttendCpu({ g, x, aSrc, aDst, aEdge: edge, heads, slope: 0.2 }),
                REL_TOL,
                ROW_TOL,
              );
            }
          }
        }
      });
    }
  }
}

test.run();
