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

/**
 * GATConv: α_ij = softmax_j(leaky_relu(att_src·Wx_j + att_dst·Wx_i + att_edge·W_e e_ij)),
 * x'_i = Σ_j α_ij W x_j (+ heads concat or mean) + bias — PyG nn/conv/gat_conv.py
 */
export class GATConv implements Conv {
  readonly outChannels: number;

  constructor(
    readonly o: AttentionOptions,
    readonly linSrc: Mat,
    readonly linDst: Mat,
    /** att_src / att_dst as block-diagonal [H, H·C] rows, so α is a GEMM. */ readonly attSrc: Mat,
    readonly attDst: Mat,
    /** att_edge · lin_edge folded into [H, edge_dim] at load (both linear, lin_edge has no bias). */ readonly attEdge:
      | Mat
      | undefined,
    readonly bias: Mat | undefined,
  ) {
    this.outChannels = o.concat ? o.heads * o.channels : o.channels;
  }

  static parse(f: Fields, p: Params, key: string): GATConv {
    const bipartite = Array.isArray(f.raw('in_channels'));
    const o = parseAttention(f);
    const {
      heads: H,
      channels: C,
      inChannels: [inS, inD],
    } = o;
    const why = `GATConv in_channels=${channelsRepr(o.inChannels)} out_channels=${C} heads=${H}`;
    // PyG builds `lin` for an int in_channels and lin_src/lin_dst for a tuple.
    const linSrc = p.take(`${key}.${bipartite ? 'lin_src' : 'lin'}.weight`, [H * C, inS], why);
    const linDst = bipartite ? p.take(`${key}.lin_dst.weight`, [H * C, inD], why) : linSrc;
    const att = (name: string) => blockDiagonal(p.take(`${key}.${name}`, [1, H, C], why), H, C);
    const attEdge =
      o.edgeDim === null
        ? undefined
        : foldAttention(att('att_edge'), p.take(`${key}.lin_edge.weight`, [H * C, o.edgeDim], why));
    return new GATConv(
      o,
      linSrc,
      linDst,
      att('att_src'),
      att('att_dst'),
      attEdge,
      p.takeIf(o.bias, `${key}.bias`, [o.concat ? H * C : C], why),
    );
  }

  toString(): string {
    return `GATConv(${channelsRepr(this.o.inChannels)}, ${this.o.channels}, heads=${this.o.heads})`;
  }

  forward(ctx: Ctx, xSrc: T, xDst: T, edges: EdgeSet, act: Act): T {
    checkWidth(() => this.toString(), xSrc, this.o.inChannels[0]);
    checkWidth(() => this.toString(), xDst, this.o.inChannels[1]);
    const s = ctx.s;
    const hs = linear(ctx, xSrc, this.linSrc, undefined, NO_ACT);
    const hd = xDst === xSrc && this.linDst === this.linSrc ? hs : linear(ctx, xDst, this.linDst, undefined, NO_ACT);
    const aSrc = linear(ctx, hs, this.attSrc, undefined, NO_ACT);
    const aDst = linear(ctx, hd, this.attDst, undefined, NO_ACT);
    const { csr, attr } = attentionEdges(ctx, edges, this.o, this.attEdge !== undefined);
    const aEdge = attr && this.attEdge && linear(ctx, attr, this.attEdge, undefined, NO_ACT);
    const args = { g: s.graph(csr), aSrc, aDst, aEdge, heads: this.o.heads, slope: this.o.slope };
    if (ctx.attention) attentionOf(ctx, edges.key, csr, this.o.heads, (x) => s.gatAttend({ ...args, x }));
    return mergeHeads(ctx, s.gatAttend({ ...args, x: hs }), this.o, this.bias, act);
  }
}

/** att [1, H, C] → [H, H·C] with att[h] in columns h·C…h·C+C−1 of row h. */
function blockDiagonal(att: Mat, H: number, C: number): Mat {
  const out = new Float32Array(H * H * C);
  for (let h = 0; h < H; h++) for (let c = 0; c < C; c++) out[h * H * C + h * C + c] = att.data[h * C + c];
  return mat(H, H * C, out);
}

/** [H, H·C] · [H·C, D] → [H, D]: per-head attention applied after a bias-free linear map. */
function foldAttention(att: Mat, w: Mat): Mat {
  const H = att.rows,
    K = att.cols,
    D = w.cols;
  const out = new Float32Array(H * D);
  for (let h = 0; h < H; h++)
    for (let k = 0; k < K; k++) {
      const a = att.data[h * K + k];
      if (a !== 0) for (let d = 0; d < D; d++) out[h * D + d] += a * w.data[k * D + d];
    }
  return mat(H, D, out);
}
