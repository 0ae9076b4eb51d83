import { test } from 'uvu';
import { cpuGraph } from '../../src/runtime/cpu-graph.ts';
import { gatv2AttendCpu } from '../../src/kernels/gatv2-attend.cpu.ts';
import { withSelfLoops } from '../../src/tensor/csr.ts';
import { expectClose } from '../fixtures.ts';
import { graphCases, onGpu, randomMat, rng, WIDTHS } from './gpu-harness.ts';

// Relative to max|expected|, the fixtures' rule: a logit is a C-long f32 dot product (up to |e| ~ 50
// at C = 130), and WGSL's exp is only within 3 + 2|x| ulp, so softmax weights carry ~1e-5 relative
// error at the widest heads; the hub's exp-sum is also reduced in another order.
const REL_TOL = 1e-4;
const ROW_TOL = 1e-3;

const r = rng(4);
for (const { name, csr: plain, profiles } of graphCases()) {
  for (const profile of profiles) {
    const csr = withSelfLoops(plain, 'replace');
    test(`gatv2Attend on ${name}: heads 1 and 2, widths ${WIDTHS.join(', ')}, with and without edge projections [${profile}]`, async () => {
      const g = cpuGraph(csr);
      for (const heads of [1, 2]) {
        for (const C of WIDTHS) {
          const HC = heads * C;
          const xl = randomMat(csr.numSrc, HC, r),
            xr = randomMat(csr.numDst, HC, r),
            att = randomMat(1, HC, r);
          const eproj = randomMat(csr.numEdges + csr.numDst, HC, r);
          for (const e of [undefined, eproj]) {
            const gpu = await onGpu(
              (s) =>
                s.gatv2Attend({
                  g: s.graph(csr),
                  xl: s.input(xl),
                  xr: s.input(xr),
                  att: s.input(att),
                  eproj: e && s.input(e),
                  heads,
                  slope: 0.2,
                }),
              profile,
            );
            expectClose(
              `gatv2Attend H=${heads} C=${C}${e ? ' +edge' : ''}`,
              gpu,
              gatv2AttendCpu({ g, xl, xr, att, eproj: e, heads, slope: 0.2 }),
              REL_TOL,
              ROW_TOL,
            );
          }
        }
      }
    });
  }
}

test.run();
