import type { GpuGraph, GpuRun, GpuTensor } from './gpu-run.ts';
import { expectShape, groupsFor, WG } from './gpu-check.ts';
import type { GatAttendArgs } from './ops.ts';

const STEM = 'gat-attend';
const SOURCES = ['csr', STEM];

/** GATConv's attention on the GPU: per-edge logits into a [nnz, H] scratch, then the fused segment softmax + aggregation. */
export function gatAttend({ g, x, aSrc, aDst, aEdge, heads, slope }: GatAttendArgs<GpuTensor, GpuGraph>): GpuTensor {
  if (x.cols % heads !== 0) throw new Error(`${STEM}: 'x' has ${x.cols} columns, expected a multiple of heads=${heads}`);
  expectShape(STEM, 'x', x, g.numSrc, null, 'one row per source node');
  expectShape(STEM, 'aSrc', aSrc, g.numSrc, heads, 'one logit part per source node and head');
  expectShape(STEM, 'aDst', aDst, g.numDst, heads, 'one logit part per destination node and head');
  if (aEdge && (aEdge.cols !== heads || aEdge.rows < g.numEdges)) {
    throw new Error(`${STEM}: 'aEdge' is [${aEdge.rows},${aEdge.cols}], expected [>=${g.numEdges},${heads}] (by eid, loops after the edges)`);
  }
  const run = x.run;
  const logit = run.tensor(g.nnz, heads, STEM);
  const u = params(g, heads, x.cols / heads);
  const bind = { 1: g.buffer, 3: logit.buffer, 5: aSrc.buffer, 6: aDst.buffer, 7: aEdge?.buffer ?? run.dummy };
  run.dispatch({ stem: STEM, sources: SOURCES, entry: 'logits', constants: { WG, HAS_EDGE: aEdge ? 1 : 0 }, u, f: [slope], bind, groups: groupsFor(g.nnz * heads) });
  return softmaxAggregate(run, g, x, logit, heads);
}

/** out_i = Σ_k softmax_row(logit)[k] · x[col_k] per head; shared by GATConv and GATv2Conv. */
export function softmaxAggregate(run: GpuRun, g: GpuGraph, x: GpuTensor, logit: GpuTensor, heads: number): GpuTensor {
  const C = x.cols / heads, chunks = Math.ceil(C / 4);
  const out = run.tensor(g.numDst, x.cols, STEM);
  const u = params(g, heads, C);
  const bind = { 1: g.buffer, 2: x.buffer, 3: logit.buffer, 4: out.buffer };
  run.dispatch({ stem: STEM, sources: SOURCES, entry: 'aggregate', constants: { WG }, u, f: [0], bind, groups: groupsFor(g.numDst * heads * chunks) });
  run.dispatch({ stem: STEM, sources: SOURCES, entry: 'hub', constants: { WG }, u, f: [0], bind, groups: g.numHubs * heads * chunks });
  return out;
}

function params(g: GpuGraph, heads: number, C: number): number[] {
  return [g.numDst, heads, C, g.colOff, g.eidOff, g.hubOff, g.numHubs, g.hubMin, g.nnz];
}
