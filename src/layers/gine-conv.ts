import type { Fields } from '../spec/fields.ts';
import type { Params } from '../spec/params.ts';
import { runThenAct } from './sequential.ts';
import type { EdgeSet } from '../tensor/batch.ts';
import type { Mat } from '../tensor/mat.ts';
import { readEps } from './gin-conv.ts';
import { linear, type Conv, type Ctx, type Dense, type T } from './layer.ts';
import { NO_ACT, type Act } from '../runtime/act.ts';

/** GINEConv: x'_i = nn((1 + eps) · x_i + Σ_{j∈N(i)} relu(x_j + lin(e_ji))) — PyG nn/conv/gin_conv.py */
export class GINEConv implements Conv {
  readonly outChannels: number;

  constructor(
    readonly nn: Dense,
    readonly eps: number,
    readonly lin?: { w: Mat; b: Mat },
  ) {
    if (nn.outChannels === null) throw new Error(`GINEConv: nn ${nn} has no layer with out_channels`);
    this.outChannels = nn.outChannels;
  }

  static parse(f: Fields, p: Params, key: string, nn: Dense, inChannels: number | null): GINEConv {
    const eps = readEps(f, p, key);
    const edgeDim = f.optInt('edge_dim');
    if (edgeDim === null) return new GINEConv(nn, eps);
    if (inChannels === null)
      throw new Error(`${f.where}: cannot tell the node feature width: nn starts with no Linear`);
    const linKey = f.has('edge_lin_key') ? (f.raw('edge_lin_key') as string) : `${key}.lin`;
    const why = `GINEConv edge_dim=${edgeDim} (lin maps edge_attr to ${inChannels} node features)`;
    return new GINEConv(nn, eps, {
      w: p.take(`${linKey}.weight`, [inChannels, edgeDim], why),
      b: p.take(`${linKey}.bias`, [inChannels], why),
    });
  }

  toString(): string {
    return `GINEConv(nn=${this.nn})`;
  }

  forward(ctx: Ctx, xSrc: T, xDst: T, edges: EdgeSet, act: Act): T {
    const s = ctx.s;
    if (!edges.edgeAttr) throw new Error(`${this.toString()}: relation '${edges.key}' has no 'edge_attr'`);
    const attr = s.input(edges.edgeAttr);
    const e = this.lin ? linear(ctx, attr, this.lin.w, this.lin.b, NO_ACT) : attr;
    if (e.cols !== xSrc.cols)
      throw new Error(
        `${this.toString()}: edge features have ${e.cols} columns, node features ${xSrc.cols}: set edge_dim`,
      );
    const agg = s.gineAggregate({ g: s.graph(edges.csr), x: xSrc, e });
    return runThenAct(ctx, this.nn, s.binary({ x: agg, y: xDst, op: 'axpby', a: 1, b: 1 + this.eps }), act);
  }
}
