import { NO_ACT, type Act } from '../runtime/act.ts';
import type { Fields } from '../spec/fields.ts';
import type { Params } from '../spec/params.ts';
import type { EdgeSet } from '../tensor/batch.ts';
import { mat, type Mat } from '../tensor/mat.ts';
import {
  attentionEdges,
  attentionOf,
  channelsRepr,
  mergeHeads,
  parseAttention,
  type AttentionOptions,
} from './attention.ts';
import { checkWidth, linear, type Conv, type Ctx, type T } from './layer.ts';

interface Lin {
  readonly w: Mat;
  readonly b?: Mat;
}

/**
 * GATv2Conv: α_ij = softmax_j(attᵀ · leaky_relu(lin_l x_j + lin_r x_i + lin_edge e_ij)),
 * x'_i = Σ_j α_ij lin_l x_j (+ heads concat or mean) + bias — PyG nn/conv/gatv2_conv.py
 */
export class GATv2Conv implements Conv {
  readonly outChannels: number;

  constructor(
    readonly o: AttentionOptions,
    readonly shareWeights: boolean,
    readonly linL: Lin,
    readonly linR: Lin,
    /** att [1, H, C] as [1, H·C] */ readonly att: Mat,
    readonly linEdge: Mat | undefined,
    readonly bias: Mat | undefined,
  ) {
    this.outChannels = o.concat ? o.heads * o.channels : o.channels;
  }

  static parse(f: Fields, p: Params, key: string): GATv2Conv {
    const o = parseAttention(f);
    const share = f.bool('share_weights', false);
    const {
      heads: H,
      channels: C,
      inChannels: [inS, inD],
    } = o;
    const why = `GATv2Conv in_channels=${channelsRepr(o.inChannels)} out_channels=${C} heads=${H}`;
    const lin = (name: string, inC: number): Lin => ({
      w: p.take(`${key}.${name}.weight`, [H * C, inC], why),
      b: p.takeIf(o.bias, `${key}.${name}.bias`, [H * C], why),
    });
    const linL = lin('lin_l', inS);
    // share_weights: PyG aliases lin_r to lin_l, so state_dict holds the same tensors under both names.
    const linR = lin('lin_r', inD);
    const att = mat(1, H * C, p.take(`${key}.att`, [1, H, C], why).data);
    const linEdge = o.edgeDim === null ? undefined : p.take(`${key}.lin_edge.weight`, [H * C, o.edgeDim], why);
    return new GATv2Conv(
      o,
      share,
      linL,
      share ? linL : linR,
      att,
      linEdge,
      p.takeIf(o.bias, `${key}.bias`, [o.concat ? H * C : C], why),
    );
  }

  toString(): string {
    return `GATv2Conv(${channelsRepr(this.o.inChannels)}, ${this.o.channels}, heads=${this.o.heads})`;
  }

  forward(ctx: Ctx, xSrc: T, xDst: T, edges: EdgeSet, act: Act): T {
    checkWidth(() => this.toString(), xSrc, this.o.inChannels[0]);
    checkWidth(() => this.toString(), xDst, this.o.inChannels[1]);
    const s = ctx.s;
    const xl = linear(ctx, xSrc, this.linL.w, this.linL.b, NO_ACT);
    const xr = this.shareWeights && xSrc === xDst ? xl : linear(ctx, xDst, this.linR.w, this.linR.b, NO_ACT);
    const { csr, attr } = attentionEdges(ctx, edges, this.o, this.linEdge !== undefined);
    const eproj = attr && this.linEdge && linear(ctx, attr, this.linEdge, undefined, NO_ACT);
    const args = { g: s.graph(csr), xl, xr, att: s.param(this.att), eproj, heads: this.o.heads, slope: this.o.slope };
    if (ctx.attention)
      attentionOf(ctx, edges.key, csr, this.o.heads, (messages) => s.gatv2Attend({ ...args, messages }));
    return mergeHeads(ctx, s.gatv2Attend(args), this.o, this.bias, act);
  }
}
