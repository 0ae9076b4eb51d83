import type { GpuGraph } from '../runtime/gpu-graph.ts';
import type { GpuTensor } from '../runtime/gpu-run.ts';
import { expectShape, groupsFor, WG } from '../runtime/gpu-check.ts';
import type { GcnNormArgs } from '../runtime/ops.ts';

const STEM = 'gcn-norm';

/** gcn_norm on the GPU: degrees per row (hubs by a workgroup) into a scratch vector, then one invocation per slot. */
export function gcnNorm({ g, ew, fill }: GcnNormArgs<GpuTensor, GpuGraph>): GpuTensor {
  if (g.numSrc !== g.numDst)
    throw new Error(
      `${STEM}: graph has ${g.numSrc} sources and ${g.numDst} destinations, expected a square graph (GCN self loops)`,
    );
  if (ew) expectShape(STEM, 'ew', ew, g.numEdges, 1, 'one weight per edge, by eid');
  const run = g.run;
  const out = run.tensor(g.nnz, 1, STEM);
  const dinv = run.tensor(g.numDst, 1, STEM);
  const u = [g.numDst, g.numEdges, g.nnz, g.colOff, g.eidOff, g.rowOff, g.hubOff, g.numHubs, g.hubMin];
  const bind = { 1: g.buffer, 2: ew?.buffer ?? run.dummy, 3: dinv.buffer };
  run.dispatch({
    stem: STEM,
    entry: 'degree',
    constants: { WG, HAS_W: ew ? 1 : 0 },
    u,
    f: [fill],
    bind,
    groups: groupsFor(g.numDst),
  });
  run.dispatch({
    stem: STEM,
    entry: 'degree_hub',
    constants: { WG: run.dev.tune.hubLanes, HAS_W: ew ? 1 : 0 },
    u,
    f: [fill],
    bind,
    groups: g.numHubs,
  });
  run.dispatch({
    stem: STEM,
    entry: 'norm',
    constants: { WG, HAS_W: ew ? 1 : 0 },
    u,
    f: [fill],
    bind: { ...bind, 4: out.buffer },
    groups: groupsFor(g.nnz),
  });
  return out;
}
