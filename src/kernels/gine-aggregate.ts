import type { GpuGraph } from '../runtime/gpu-graph.ts';
import type { GpuTensor } from '../runtime/gpu-run.ts';
import { expectShape, groupsFor, WG } from '../runtime/gpu-check.ts';
import type { GineArgs } from '../runtime/ops.ts';

const STEM = 'gine-aggregate';
/** lib/rows4.wgsl holds the load4/store4 helpers these entry points share with the other row kernels. */
const LIB = ['rows4'];

/** GINE's Σ relu(x_j + e_ji) on the GPU: one invocation per (row, up to 16 columns), a workgroup per (hub row, 4 columns). */
export function gineAggregate({ g, x, e }: GineArgs<GpuTensor, GpuGraph>): GpuTensor {
  const F = x.cols;
  if (e.cols !== F)
    throw new Error(`${STEM}: edge features have ${e.cols} columns, expected ${F} (node feature width)`);
  expectShape(STEM, 'x', x, g.numSrc, null, 'one row per source node');
  if (e.rows < g.numEdges)
    throw new Error(`${STEM}: 'e' has ${e.rows} rows, expected >= ${g.numEdges} (one per edge, by eid)`);
  const run = x.run;
  const out = run.tensor(g.numDst, F, STEM);
  const chunks = Math.ceil(F / 4);
  const u = [g.numDst, F, g.colOff, g.eidOff, g.hubOff, g.numHubs, g.hubMin];
  const bind = { 1: g.buffer, 2: x.buffer, 3: e.buffer, 4: out.buffer };
  if (F % 4 === 0) {
    const F4 = F / 4,
      v = F4 % 4 === 0 ? 4 : F4 % 2 === 0 ? 2 : 1;
    const bind4 = { 1: g.buffer, 5: x.buffer, 6: e.buffer, 7: out.buffer };
    run.dispatch({
      stem: STEM,
      lib: LIB,
      entry: 'main4',
      constants: { WG, V: v },
      u,
      bind: bind4,
      groups: groupsFor(g.numDst * (F4 / v)),
    });
  } else {
    run.dispatch({
      stem: STEM,
      lib: LIB,
      entry: 'main',
      constants: { WG },
      u,
      bind,
      groups: groupsFor(g.numDst * chunks),
    });
  }
  run.dispatch({
    stem: STEM,
    lib: LIB,
    entry: 'hub',
    constants: { WG: run.dev.tune.hubLanes },
    u,
    bind,
    groups: g.numHubs * chunks,
  });
  return out;
}
