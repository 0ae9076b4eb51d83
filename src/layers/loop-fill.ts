import type { Fields } from '../spec/fields.ts';
import type { EdgeSet } from '../tensor/batch.ts';
import { loopFreeEdgeRows } from '../tensor/csr-variants.ts';
import { mat } from '../tensor/mat.ts';
import type { Ctx, T } from './layer.ts';

/** add_self_loops' fill_value for edge attributes: a reduction of the node's incoming attributes, or a constant. */
export type FillValue = 'mean' | 'sum' | 'max' | number;

export function parseFill(f: Fields): FillValue {
  const v = f.raw('fill_value') ?? 'mean';
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (v === 'mean' || v === 'max') return v;
  if (v === 'add' || v === 'sum') return 'sum';
  return f.fail('fill_value', "'mean', 'add', 'sum', 'max' or a number");
}

/**
 * Edge attributes [E, D] followed by one row per target node [numDst, D], the attribute of its
 * synthetic self loop (eid = E + i): PyG's add_self_loops(edge_attr, fill_value) after
 * remove_self_loops, so existing loops do not count towards the fill.
 */
export function attrWithLoops(ctx: Ctx, edges: EdgeSet, fill: FillValue): T {
  const s = ctx.s;
  const attr = edges.edgeAttr!;
  const a = s.input(attr);
  const n = edges.csr.numDst;
  const loops =
    typeof fill === 'number'
      ? s.input(mat(n, attr.cols, new Float32Array(n * attr.cols).fill(fill)))
      : s.spmm({ g: s.graph(loopFreeEdgeRows(edges.csr)), x: a, aggr: fill });
  return s.concatRows({ a, b: loops });
}
