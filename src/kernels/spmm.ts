import { ACT_CODE, NO_ACT } from '../runtime/act.ts';
import type { GpuGraph } from '../runtime/gpu-graph.ts';
import type { GpuTensor } from '../runtime/gpu-run.ts';
import { expectShape, groupsFor, WG } from '../runtime/gpu-check.ts';
import type { SpmmArgs } from '../runtime/ops.ts';

const STEM = 'spmm';
/** lib/act.wgsl holds the epilogue's activation; lib/rows4.wgsl the load4/store4 helpers shared with the other row kernels. */
const LIB = ['act', 'rows4'];
const AGGR = { sum: 0, mean: 1, max: 2 } as const;

/** spmm on the GPU: one invocation per (row, up to 16 columns), one workgroup per (hub row, up to 16 columns); bias and act fused. */
export function spmm({ g, x, aggr, ew, bias, act = NO_ACT }: SpmmArgs<GpuTensor, GpuGraph>): GpuTensor {
  if (ew && aggr !== 'sum') throw new Error(`${STEM}: edge weights are supported with aggr 'sum', got '${aggr}'`);
  expectShape(STEM, 'x', x, g.numSrc, null, 'one row per source node');
  if (ew) expectShape(STEM, 'ew', ew, g.nnz, 1, 'one weight per CSR slot');
  const run = x.run,
    F = x.cols;
  if (bias && bias.rows * bias.cols !== F)
    throw new Error(`${STEM}: 'bias' has ${bias.rows * bias.cols} values, expected ${F} (one per column of x)`);
  const out = run.tensor(g.numDst, F, STEM);
  const chunks = Math.ceil(F / 4);
  const u = [g.numDst, F, g.colOff, g.hubOff, g.numHubs, g.hubMin];
  const f = [act.param];
  const constants = { WG, AGGR: AGGR[aggr], HAS_W: ew ? 1 : 0, HAS_BIAS: bias ? 1 : 0, ACT: ACT_CODE[act.kind] };
  const b = bias?.buffer ?? run.dummy;
  const bind = { 1: g.buffer, 2: x.buffer, 3: ew?.buffer ?? run.dummy, 4: out.buffer, 7: b };
  if (F % 4 === 0) {
    const F4 = F / 4,
      v = F4 % 4 === 0 ? 4 : F4 % 2 === 0 ? 2 : 1;
    const bind4 = { 1: g.buffer, 3: bind[3], 5: x.buffer, 6: out.buffer, 7: b };
    run.dispatch({
      stem: STEM,
      lib: LIB,
      entry: 'main4',
      constants: { ...constants, V: v },
      u,
      f,
      bind: bind4,
      groups: groupsFor(g.numDst * (F4 / v)),
    });
    run.dispatch({
      stem: STEM,
      lib: LIB,
      entry: 'hub4',
      constants: { ...constants, V: v, WG: run.dev.tune.hubLanes },
      u,
      f,
      bind: bind4,
      groups: g.numHubs * (F4 / v),
    });
  } else {
    run.dispatch({ stem: STEM, lib: LIB, entry: 'main', constants, u, f, bind, groups: groupsFor(g.numDst * chunks) });
    run.dispatch({
      stem: STEM,
      lib: LIB,
      entry: 'hub',
      constants: { ...constants, WG: run.dev.tune.hubLanes },
      u,
      f,
      bind,
      groups: g.numHubs * chunks,
    });
  }
  return out;
}
