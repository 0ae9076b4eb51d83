import type { GpuGraph } from '../runtime/gpu-graph.ts';
import type { GpuRun, GpuTensor } from '../runtime/gpu-run.ts';
import { expectShape, groupsFor, WG } from '../runtime/gpu-check.ts';
import type { GatAttendArgs } from '../runtime/ops.ts';

const STEM = 'gat-attend';
/** lib/rows4.wgsl holds the load4/store4 helpers these entry points share with the other row kernels. */
const LIB = ['rows4'];

/** Where the logits come from: GAT's parts, combined in place (FUSED), or the [nnz, H] buffer GATv2 wrote. */
export type Logits =
  | { readonly aSrc: GpuTensor; readonly aDst: GpuTensor; readonly aEdge?: GpuTensor; readonly slope: number }
  | { readonly logit: GpuTensor };

/** GATConv's attention on the GPU: logits, segment softmax and aggregation fused in one pass per (row, head, 4 channels). */
export function gatAttend({ g, x, aSrc, aDst, aEdge, heads, slope }: GatAttendArgs<GpuTensor, GpuGraph>): GpuTensor {
  if (x.cols % heads !== 0)
    throw new Error(`${STEM}: 'x' has ${x.cols} columns, expected a multiple of heads=${heads}`);
  expectShape(STEM, 'x', x, g.numSrc, null, 'one row per source node');
  expectShape(STEM, 'aSrc', aSrc, g.numSrc, heads, 'one logit part per source node and head');
  expectShape(STEM, 'aDst', aDst, g.numDst, heads, 'one logit part per destination node and head');
  if (aEdge && (aEdge.cols !== heads || aEdge.rows < g.numEdges)) {
    throw new Error(
      `${STEM}: 'aEdge' is [${aEdge.rows},${aEdge.cols}], expected [>=${g.numEdges},${heads}] (by eid, loops after the edges)`,
    );
  }
  return gatAggregate(x.run, g, x, heads, { aSrc, aDst, aEdge, slope });
}

/**
 * out_i = Σ_k softmax_row(logit)[k] · x[col_k] for every row and head: gat-attend.wgsl's aggregation entries,
 * shared by GATConv and GATv2Conv (the CPU twins' one-row, one-head form is softmaxAggregateRow).
 */
export function gatAggregate(run: GpuRun, g: GpuGraph, x: GpuTensor, heads: number, logits: Logits): GpuTensor {
  const C = x.cols / heads,
    chunks = Math.ceil(C / 4);
  const out = run.tensor(g.numDst, x.cols, STEM);
  const u = [g.numDst, heads, C, g.colOff, g.eidOff, g.hubOff, g.numHubs, g.hubMin, g.nnz];
  const fused = 'aSrc' in logits;
  const constants = { WG, FUSED: fused ? 1 : 0, HAS_EDGE: fused && logits.aEdge ? 1 : 0 };
  const d = run.dummy;
  const bind = fused
    ? {
        1: g.buffer,
        2: x.buffer,
        3: d,
        4: out.buffer,
        5: logits.aSrc.buffer,
        6: logits.aDst.buffer,
        7: logits.aEdge?.buffer ?? d,
      }
    : { 1: g.buffer, 2: x.buffer, 3: logits.logit.buffer, 4: out.buffer, 5: d, 6: d, 7: d };
  const f = [fused ? logits.slope : 0];
  if (C % 4 === 0) {
    const C4 = C / 4,
      v = C4 % 4 === 0 ? 4 : C4 % 2 === 0 ? 2 : 1;
    const { 2: xb, 4: ob, ...rest } = bind;
    run.dispatch({
      stem: STEM,
      lib: LIB,
      entry: 'aggregate4',
      constants: { ...constants, V: v },
      u,
      f,
      bind: { ...rest, 8: xb, 9: ob },
      groups: groupsFor(g.numDst * heads * (C4 / v)),
    });
  } else {
    run.dispatch({
      stem: STEM,
      lib: LIB,
      entry: 'aggregate',
      constants,
      u,
      f,
      bind,
      groups: groupsFor(g.numDst * heads * chunks),
    });
  }
  run.dispatch({
    stem: STEM,
    lib: LIB,
    entry: 'hub',
    constants: { ...constants, WG: run.dev.tune.hubLanes },
    u,
    f,
    bind,
    groups: g.numHubs * heads * chunks,
  });
  return out;
}
