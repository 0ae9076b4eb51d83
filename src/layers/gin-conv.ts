import type { Act } from '../runtime/act.ts';
import type { Fields } from '../spec/fields.ts';
import type { Params } from '../spec/params.ts';
import { runThenAct } from './sequential.ts';
import type { EdgeSet } from '../tensor/batch.ts';
import type { Conv, Ctx, Dense, T } from './layer.ts';

/** GINConv: x'_i = nn((1 + eps) · x_i + Σ_{j∈N(i)} x_j) — PyG nn/conv/gin_conv.py */
export class GINConv implements Conv {
  readonly outChannels: number;

  constructor(
    readonly nn: Dense,
    readonly eps: number,
  ) {
    if (nn.outChannels === null) throw new Error(`GINConv: nn ${nn} has no layer with out_channels`);
    this.outChannels = nn.outChannels;
  }

  static parse(f: Fields, p: Params, key: string, nn: Dense): GINConv {
    return new GINConv(nn, readEps(f, p, key));
  }

  toString(): string {
    return `GINConv(nn=${this.nn})`;
  }

  forward(ctx: Ctx, xSrc: T, xDst: T, edges: EdgeSet, act: Act): T {
    const s = ctx.s;
    const agg = s.spmm({ g: s.graph(edges.csr), x: xSrc, aggr: 'sum' });
    return runThenAct(ctx, this.nn, s.binary({ x: agg, y: xDst, op: 'axpby', a: 1, b: 1 + this.eps }), act);
  }
}

/** eps is a parameter (train_eps) or a buffer; PyG saves both under `<key>.eps` with shape [1]. */
export function readEps(f: Fields, p: Params, key: string): number {
  f.raw('eps_init');
  f.raw('train_eps');
  const epsKey = f.has('eps_key') ? (f.raw('eps_key') as string) : `${key}.eps`;
  f.only('aggr', ['add', 'sum'], 'GIN sums its neighbours');
  return p.take(epsKey, [1], 'GIN eps').data[0];
}
