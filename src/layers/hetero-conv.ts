import type { EdgeSet } from '../tensor/batch.ts';
import type { Conv, Ctx, Layer, NodeStates, T } from './layer.ts';

export type GroupAggr = 'sum' | 'mean' | 'max' | 'min';

/**
 * HeteroConv: x'_t = group_{(s,r,t)} conv_{s,r,t}((x_s, x_t)) — PyG nn/conv/hetero_conv.py.
 * Only node types that some relation targets come out; a relation absent from the graph is
 * skipped, as PyG skips edge types missing from edge_index_dict. to_hetero builds the same.
 */
export class HeteroConv implements Layer {
  constructor(readonly convs: ReadonlyMap<string, Conv>, readonly aggr: GroupAggr) {}

  toString(): string {
    return `HeteroConv(num_relations=${this.convs.size})`;
  }

  run(ctx: Ctx, h: NodeStates): NodeStates {
    const parts = new Map<string, T[]>();
    for (const [et, conv] of this.convs) {
      const edges: EdgeSet | undefined = ctx.batch.edges.get(et);
      if (!edges) continue;
      const xs = h.get(edges.src), xd = h.get(edges.dst);
      if (!xs || !xd) throw new Error(`${this}: relation '${et}' needs node type '${xs ? edges.dst : edges.src}', which the previous layer did not output`);
      const out = conv.forward(ctx, xs, xd, edges);
      const list = parts.get(edges.dst);
      if (list) list.push(out);
      else parts.set(edges.dst, [out]);
    }
    const result: NodeStates = new Map();
    for (const [t, xs] of parts) result.set(t, this.group(ctx, xs));
    return result;
  }

  /** PyG group(): torch.stack(xs).sum/mean/max/min(dim=0), folded left in relation order. */
  private group(ctx: Ctx, xs: T[]): T {
    if (xs.length === 1) return xs[0];
    const s = ctx.s;
    const op = this.aggr === 'max' || this.aggr === 'min' ? this.aggr : 'axpby';
    let acc = xs[0];
    for (let i = 1; i < xs.length; i++) acc = s.binary({ x: acc, y: xs[i], op, a: 1, b: 1 });
    return this.aggr === 'mean' ? s.binary({ x: acc, y: acc, op: 'axpby', a: 1 / xs.length, b: 0 }) : acc;
  }
}
