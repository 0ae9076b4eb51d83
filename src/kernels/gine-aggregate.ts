import type { GpuGraph, GpuTensor } from './gpu-run.ts';
import { expectShape, groupsFor, WG } from './gpu-check.ts';
import type { GineArgs } from './ops.ts';

const STEM = 'gine-aggregate';

/** GINE's Σ relu(x_j + e_ji) on the GPU: one invocation per (row, 4 columns), a workgroup per hub row. */
export function gineAggregate({ g, x, e }: GineArgs<GpuTensor, GpuGraph>): GpuTensor {
  const F = x.cols;
  if (e.cols !== F) throw new Error(`${STEM}: edge features have ${e.cols} columns, expected ${F} (node feature width)`);
  expectShape(STEM, 'x', x, g.numSrc, null, 'one row per source node');
  if (e.rows < g.numEdges) throw new Error(`${STEM}: 'e' has ${e.rows} rows, expected >= ${g.numEdges} (one per edge, by eid)`);
  const run = x.run;
  const out = run.tensor(g.numDst, F, STEM);
  const chunks = Math.ceil(F / 4);
  const u = [g.numDst, F, g.colOff, g.eidOff, g.hubOff, g.numHubs, g.hubMin];
  const bind = { 1: g.buffer, 2: x.buffer, 3: e.buffer, 4: out.buffer };
  run.dispatch({ stem: STEM, entry: 'main', constants: { WG }, u, bind, groups: groupsFor(g.numDst * chunks) });
  run.dispatch({ stem: STEM, entry: 'hub', constants: { WG: run.dev.tune.hubLanes }, u, bind, groups: g.numHubs * chunks });
  return out;
}
