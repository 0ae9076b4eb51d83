import { gatAggregate } from './gat-attend.ts';
import type { GpuGraph } from '../runtime/gpu-graph.ts';
import type { GpuTensor } from '../runtime/gpu-run.ts';
import { expectShape, groupsFor, WG } from '../runtime/gpu-check.ts';
import type { Gatv2AttendArgs } from '../runtime/ops.ts';

const STEM = 'gatv2-attend';

/** GATv2Conv's attention on the GPU: per-edge logits (the C-long dot product), then GAT's fused softmax + aggregation. */
export function gatv2Attend({
  g,
  xl,
  xr,
  att,
  eproj,
  messages = xl,
  heads,
  slope,
}: Gatv2AttendArgs<GpuTensor, GpuGraph>): GpuTensor {
  const HC = xl.cols;
  if (HC % heads !== 0) throw new Error(`${STEM}: 'xl' has ${HC} columns, expected a multiple of heads=${heads}`);
  expectShape(STEM, 'xl', xl, g.numSrc, null, 'one row per source node');
  expectShape(STEM, 'xr', xr, g.numDst, HC, 'one row per destination node, as wide as xl');
  expectShape(STEM, 'messages', messages, g.numSrc, null, 'one row per source node');
  if (messages.cols % heads !== 0)
    throw new Error(`${STEM}: 'messages' has ${messages.cols} columns, expected a multiple of heads=${heads}`);
  if (att.rows * att.cols !== HC)
    throw new Error(`${STEM}: 'att' is [${att.rows},${att.cols}], expected ${HC} values (heads x channels)`);
  if (eproj && (eproj.cols !== HC || eproj.rows < g.numEdges)) {
    throw new Error(
      `${STEM}: 'eproj' is [${eproj.rows},${eproj.cols}], expected [>=${g.numEdges},${HC}] (by eid, loops after the edges)`,
    );
  }
  const run = xl.run;
  const logit = run.tensor(g.nnz, heads, STEM);
  const u = [g.numDst, heads, HC / heads, g.colOff, g.eidOff, g.rowOff, g.nnz];
  const bind = {
    1: g.buffer,
    2: xl.buffer,
    3: logit.buffer,
    4: xr.buffer,
    5: att.buffer,
    6: eproj?.buffer ?? run.dummy,
  };
  const constants = { WG, HAS_EDGE: eproj ? 1 : 0 };
  if ((HC / heads) % 4 === 0) {
    const bind4 = { 1: g.buffer, 3: logit.buffer, 7: xl.buffer, 8: xr.buffer, 9: att.buffer, 10: bind[6] };
    run.dispatch({
      stem: STEM,
      entry: 'logits4',
      constants,
      u,
      f: [slope],
      bind: bind4,
      groups: groupsFor(g.nnz * heads),
    });
  } else {
    run.dispatch({ stem: STEM, entry: 'logits', constants, u, f: [slope], bind, groups: groupsFor(g.nnz * heads) });
  }
  return gatAggregate(run, g, messages, heads, { logit });
}
