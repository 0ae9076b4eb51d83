import { NO_ACT, type Act } from '../runtime/act.ts';
import { Activation } from './activation.ts';
import { asObject, type Fields, type Json } from '../spec/fields.ts';
import type { GraphSpec } from '../spec/graph-spec.ts';
import { splitEdgeKey, type EdgeSet } from '../tensor/batch.ts';
import type { Conv, Ctx, Layer, NodeStates, T } from './layer.ts';
import { firstRows, trimEdges } from './trim.ts';

export type GroupAggr = 'sum' | 'mean' | 'max' | 'min';

/**
 * HeteroConv: x'_t = group_{(s,r,t)} conv_{s,r,t}((x_s, x_t)) — PyG nn/conv/hetero_conv.py.
 * Only node types that some relation targets come out; a relation absent from the graph is
 * skipped, as PyG skips edge types missing from edge_index_dict. to_hetero builds the same.
 */
export class HeteroConv implements Layer {
  constructor(
    readonly convs: ReadonlyMap<string, Conv>,
    readonly aggr: GroupAggr,
    readonly act: Act = NO_ACT,
  ) {}

  /** `convs` maps edge types of the model's graph to conv specs, each built by `conv` (the model's builder). */
  static parse(f: Fields, path: string, graph: GraphSpec, conv: (spec: Json, path: string) => Conv): HeteroConv {
    if (!graph.hetero) throw new Error(`${path}: HeteroConv needs a heterogeneous 'graph' section in model.json`);
    const aggr = f.str<GroupAggr | 'add'>('aggr', ['sum', 'add', 'mean', 'max', 'min'], 'sum');
    const convs = new Map<string, Conv>();
    for (const [et, spec] of Object.entries(asObject(f.raw('convs'), `${path}.convs`))) {
      const [src, , dst] = splitEdgeKey(et);
      if (!graph.edgeTypes.includes(et))
        throw new Error(
          `${path}.convs: edge type '${et}' is not in the model's graph.edge_types (${graph.edgeTypes.join(', ')})`,
        );
      if (!graph.nodeTypes.includes(src) || !graph.nodeTypes.includes(dst))
        throw new Error(`${path}.convs: edge type '${et}' names a node type outside graph.node_types`);
      convs.set(et, conv(spec, `${path}.convs.${et}`));
    }
    f.raw('key');
    return new HeteroConv(convs, aggr === 'add' ? 'sum' : aggr);
  }

  toString(): string {
    return `HeteroConv(num_relations=${this.convs.size})${this.act.kind === 'none' ? '' : ` → ${new Activation(this.act)}`}`;
  }

  run(ctx: Ctx, h: NodeStates): NodeStates {
    const present = [...this.convs].flatMap(([et, conv]) => {
      const edges: EdgeSet | undefined = ctx.batch.edges.get(et);
      return edges ? [{ conv, edges }] : [];
    });
    const result: NodeStates = new Map();
    for (const dst of new Set(present.map((p) => p.edges.dst))) {
      const mine = present.filter((p) => p.edges.dst === dst);
      // A lone relation takes the activation in its own epilogue; a group needs it after grouping.
      const inner = mine.length === 1 ? this.act : NO_ACT;
      let xdKept: T | undefined; // the rows of dst this layer computes, gathered once for all its relations
      const outs = mine.map(({ conv, edges }) => {
        const xs = h.get(edges.src),
          xd = h.get(edges.dst);
        if (!xs || !xd)
          throw new Error(
            `${this}: relation '${edges.key}' needs node type '${xs ? edges.dst : edges.src}', which the previous layer did not output`,
          );
        const n = ctx.keep?.get(dst) ?? xd.rows;
        xdKept ??= firstRows(ctx, xd, n);
        return conv.forward(ctx, xs, xdKept, trimEdges(edges, xs.rows, n), inner);
      });
      const grouped = this.group(ctx, outs);
      result.set(
        dst,
        mine.length === 1 || this.act.kind === 'none' ? grouped : ctx.s.activation({ x: grouped, act: this.act }),
      );
    }
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
