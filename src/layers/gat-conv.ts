import { NO_ACT, type Act } from '../kernels/act.ts';
import type { Fields } from '../model/fields.ts';
import type { Params } from '../model/params.ts';
import type { EdgeSet } from '../tensor/batch.ts';
import { loopsReplaced } from '../tensor/csr-variants.ts';
import { mat, type Mat } from '../tensor/mat.ts';
import { checkWidth, linear, type Conv, type Ctx, type T } from './layer.ts';
import { attrWithLoops, parseFill, type FillValue } from './loop-fill.ts';

/**
 * GATConv: α_ij = softmax_j(leaky_relu(att_src·Wx_j + att_dst·Wx_i + att_edge·W_e e_ij)),
 * x'_i = Σ_j α_ij W x_j (+ heads concat or mean) + bias — PyG nn/conv/gat_conv.py
 */
export class GATConv implements Conv {
  readonly outChannels: number;

  constructor(
    readonly inChannels: [number, number], readonly channels: number, readonly heads: number, readonly concat: boolean,
    readonly slope: number, readonly addSelfLoops: boolean, readonly fill: FillValue,
    readonly linSrc: Mat, readonly linDst: Mat,
    /** att_src / att_dst as block-diagonal [H, H·C] rows, so α is a GEMM. */ readonly attSrc: Mat, readonly attDst: Mat,
    /** att_edge · lin_edge folded into [H, edge_dim] at load (both linear, lin_edge has no bias). */ readonly attEdge: Mat | undefined,
    readonly bias: Mat | undefined,
  ) {
    this.outChannels = concat ? heads * channels : channels;
  }

  static parse(f: Fields, p: Params, key: string): GATConv {
    const inC = f.raw('in_channels');
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
    f.only('flow', ['source_to_target'], 'messages flow source to target');
    const why = `GATConv in_channels=${JSON.stringify(inC)} out_channels=${C} heads=${H}`;
    const bipartite = Array.isArray(inC);
    const linSrc = p.take(`${key}.${bipartite ? 'lin_src' : 'lin'}.weight`, [H * C, inS], why);
    const linDst = bipartite ? p.take(`${key}.lin_dst.weight`, [H * C, inD], why) : linSrc;
    const att = (name: string) => blockDiagonal(p.take(`${key}.${name}`, [1, H, C], why), H, C);
    let attEdge: Mat | undefined;
    if (edgeDim !== null) {
      const we = p.take(`${key}.lin_edge.weight`, [H * C, edgeDim], why);
      attEdge = foldAttention(att('att_edge'), we);
    }
    return new GATConv([inS, inD], C, H, concat, slope, loops, fill, linSrc, linDst, att('att_src'), att('att_dst'), attEdge,
      p.takeIf(hasBias, `${key}.bias`, [concat ? H * C : C], why));
  }

  toString(): string {
    const [a, b] = this.inChannels;
    return `GATConv(${a === b ? a : `(${a}, ${b})`}, ${this.channels}, heads=${this.heads})`;
  }

  forward(ctx: Ctx, xSrc: T, xDst: T, edges: EdgeSet, act: Act): T {
    checkWidth(this.toString(), xSrc, this.inChannels[0]);
    checkWidth(this.toString(), xDst, this.inChannels[1]);
    const s = ctx.s;
    const hs = linear(ctx, xSrc, this.linSrc, undefined, NO_ACT);
    const hd = xDst === xSrc && this.linDst === this.linSrc ? hs : linear(ctx, xDst, this.linDst, undefined, NO_ACT);
    const aSrc = linear(ctx, hs, this.attSrc, undefined, NO_ACT);
    const aDst = linear(ctx, hd, this.attDst, undefined, NO_ACT);
    const csr = this.addSelfLoops ? loopsReplaced(edges.csr) : edges.csr;
    let aEdge: T | undefined;
    if (this.attEdge && edges.edgeAttr) {
      const attr = this.addSelfLoops ? attrWithLoops(ctx, edges, this.fill) : s.input(edges.edgeAttr);
      aEdge = linear(ctx, attr, this.attEdge, undefined, NO_ACT);
    }
    const out = s.gatAttend({ g: s.graph(csr), x: hs, aSrc, aDst, aEdge, heads: this.heads, slope: this.slope });
    const merged = this.concat ? out : s.headMean({ x: out, heads: this.heads });
    return s.biasAct({ x: merged, bias: this.bias && s.param(this.bias), act });
  }
}

/** att [1, H, C] → [H, H·C] with att[h] in columns h·C…h·C+C−1 of row h. */
export function blockDiagonal(att: Mat, H: number, C: number): Mat {
  const out = new Float32Array(H * H * C);
  for (let h = 0; h < H; h++) for (let c = 0; c < C; c++) out[h * H * C + h * C + c] = att.data[h * C + c];
  return mat(H, H * C, out);
}

/** [H, H·C] · [H·C, D] → [H, D]: per-head attention applied after a bias-free linear map. */
export function foldAttention(att: Mat, w: Mat): Mat {
  const H = att.rows, K = att.cols, D = w.cols;
  const out = new Float32Array(H * D);
  for (let h = 0; h < H; h++) for (let k = 0; k < K; k++) {
    const a = att.data[h * K + k];
    if (a !== 0) for (let d = 0; d < D; d++) out[h * D + d] += a * w.data[k * D + d];
  }
  return mat(H, D, out);
}
