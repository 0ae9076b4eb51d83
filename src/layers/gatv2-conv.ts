import { NO_ACT, type Act } from '../kernels/act.ts';
import type { Fields } from '../model/fields.ts';
import type { Params } from '../model/params.ts';
import type { EdgeSet } from '../tensor/batch.ts';
import { loopsReplaced } from '../tensor/csr-variants.ts';
import type { Mat } from '../tensor/mat.ts';
import { checkWidth, linear, type Conv, type Ctx, type T } from './layer.ts';
import { attrWithLoops, parseFill, type FillValue } from './loop-fill.ts';

/**
 * GATv2Conv: α_ij = softmax_j(attᵀ · leaky_relu(lin_l x_j + lin_r x_i + lin_edge e_ij)),
 * x'_i = Σ_j α_ij lin_l x_j (+ heads concat or mean) + bias — PyG nn/conv/gatv2_conv.py
 */
export class GATv2Conv implements Conv {
  readonly outChannels: number;

  constructor(
    readonly inChannels: [number, number], readonly channels: number, readonly heads: number, readonly concat: boolean,
    readonly slope: number, readonly addSelfLoops: boolean, readonly fill: FillValue, readonly shareWeights: boolean,
    readonly linL: { w: Mat; b?: Mat }, readonly linR: { w: Mat; b?: Mat }, readonly att: Mat,
    readonly linEdge: Mat | undefined, readonly bias: Mat | undefined,
  ) {
    this.outChannels = concat ? heads * channels : channels;
  }

  static parse(f: Fields, p: Params, key: string): GATv2Conv {
    const [inS, inD] = f.channels('in_channels');
    const C = f.int('out_channels');
    const H = f.int('heads', 1);
    const concat = f.bool('concat', true);
    const slope = f.num('negative_slope', 0.2);
    f.num('dropout', 0);
    const loops = f.bool('add_self_loops', true);
    const edgeDim = f.optInt('edge_dim');
    const fill = parseFill(f);
    const hasBias = f.bool('bias', true);
    const share = f.bool('share_weights', false);
    f.only('flow', ['source_to_target'], 'messages flow source to target');
    const why = `GATv2Conv in_channels=${inS === inD ? inS : `(${inS}, ${inD})`} out_channels=${C} heads=${H}`;
    const linL = { w: p.take(`${key}.lin_l.weight`, [H * C, inS], why), b: p.takeIf(hasBias, `${key}.lin_l.bias`, [H * C], why) };
    // share_weights: PyG aliases lin_r to lin_l, so state_dict holds the same tensors under both names.
    const r = { w: p.take(`${key}.lin_r.weight`, [H * C, inD], why), b: p.takeIf(hasBias, `${key}.lin_r.bias`, [H * C], why) };
    const linR = share ? linL : r;
    const att = p.take(`${key}.att`, [1, H, C], why);
    const linEdge = edgeDim === null ? undefined : p.take(`${key}.lin_edge.weight`, [H * C, edgeDim], why);
    return new GATv2Conv([inS, inD], C, H, concat, slope, loops, fill, share, linL, linR,
      { rows: 1, cols: H * C, data: att.data }, linEdge, p.takeIf(hasBias, `${key}.bias`, [concat ? H * C : C], why));
  }

  toString(): string {
    const [a, b] = this.inChannels;
    return `GATv2Conv(${a === b ? a : `(${a}, ${b})`}, ${this.channels}, heads=${this.heads})`;
  }

  forward(ctx: Ctx, xSrc: T, xDst: T, edges: EdgeSet, act: Act): T {
    checkWidth(this.toString(), xSrc, this.inChannels[0]);
    checkWidth(this.toString(), xDst, this.inChannels[1]);
    const s = ctx.s;
    const xl = linear(ctx, xSrc, this.linL.w, this.linL.b, NO_ACT);
    const xr = this.shareWeights && xSrc === xDst ? xl : linear(ctx, xDst, this.linR.w, this.linR.b, NO_ACT);
    const csr = this.addSelfLoops ? loopsReplaced(edges.csr) : edges.csr;
    let eproj: T | undefined;
    if (this.linEdge && edges.edgeAttr) {
      const attr = this.addSelfLoops ? attrWithLoops(ctx, edges, this.fill) : s.input(edges.edgeAttr);
      eproj = linear(ctx, attr, this.linEdge, undefined, NO_ACT);
    }
    const out = s.gatv2Attend({ g: s.graph(csr), xl, xr, att: s.param(this.att), eproj, heads: this.heads, slope: this.slope });
    const merged = this.concat ? out : s.headMean({ x: out, heads: this.heads });
    return s.biasAct({ x: merged, bias: this.bias && s.param(this.bias), act });
  }
}
