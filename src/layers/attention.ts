import type { Act } from '../runtime/act.ts';
import type { Fields } from '../spec/fields.ts';
import type { EdgeSet } from '../tensor/batch.ts';
import { loopsReplaced } from '../tensor/csr-variants.ts';
import type { Csr } from '../tensor/csr.ts';
import { mat, type Mat } from '../tensor/mat.ts';
import type { Ctx, T } from './layer.ts';
import { attrWithLoops, parseFill, type FillValue } from './loop-fill.ts';

/** What GATConv and GATv2Conv share: constructor options, self-loop handling, the heads' merge. */
export interface AttentionOptions {
  readonly inChannels: [number, number];
  readonly channels: number;
  readonly heads: number;
  readonly concat: boolean;
  readonly slope: number;
  readonly addSelfLoops: boolean;
  readonly edgeDim: number | null;
  readonly fill: FillValue;
  readonly bias: boolean;
}

export function parseAttention(f: Fields): AttentionOptions {
  const inChannels = f.channels('in_channels');
  const o = {
    inChannels,
    channels: f.int('out_channels'),
    heads: f.int('heads', 1),
    concat: f.bool('concat', true),
    slope: f.num('negative_slope', 0.2),
    addSelfLoops: f.bool('add_self_loops', true),
    edgeDim: f.optInt('edge_dim'),
    fill: parseFill(f),
    bias: f.bool('bias', true),
  };
  f.num('dropout', 0);
  f.only('flow', ['source_to_target'], 'messages flow source to target');
  return o;
}

export function channelsRepr([a, b]: [number, number]): string {
  return a === b ? `${a}` : `(${a}, ${b})`;
}

/** The CSR to attend over (loops replaced when add_self_loops) and the edge attributes read through its eids. */
export function attentionEdges(
  ctx: Ctx,
  edges: EdgeSet,
  o: AttentionOptions,
  wantAttr: boolean,
): { csr: Csr; attr?: T } {
  const csr = o.addSelfLoops ? loopsReplaced(edges.csr) : edges.csr;
  if (!wantAttr || !edges.edgeAttr) return { csr };
  return { csr, attr: o.addSelfLoops ? attrWithLoops(ctx, edges, o.fill) : ctx.s.input(edges.edgeAttr) };
}

/** concat keeps [N, H·C]; otherwise the mean over heads; then bias and the folded activation. */
export function mergeHeads(ctx: Ctx, out: T, o: AttentionOptions, bias: Mat | undefined, act: Act): T {
  const s = ctx.s;
  const merged = o.concat ? out : s.headMean({ x: out, heads: o.heads });
  return s.biasAct({ x: merged, bias: bias && s.param(bias), act });
}

/** Sources past this (per relation, times heads) make the one-hot messages below too large: no coefficients then. */
const MAX_ATTENTION_CELLS = 1 << 24;

/**
 * The attention coefficients themselves, from the layer's own kernel: `aggregate` run on one-hot
 * messages (source j's message is 1 in column h·N + j of head h) gives out[i, h·N + j] = the sum
 * of α over edges j→i. Handed to ctx.attention; skipped past MAX_ATTENTION_CELLS.
 */
export function attentionOf(ctx: Ctx, relation: string, csr: Csr, heads: number, aggregate: (messages: T) => T): void {
  const n = csr.numSrc;
  if (n * n * heads > MAX_ATTENTION_CELLS) return;
  const onehot = new Float32Array(n * heads * n);
  for (let j = 0; j < n; j++) for (let h = 0; h < heads; h++) onehot[j * heads * n + h * n + j] = 1;
  ctx.attention!({ relation, csr, heads, alpha: aggregate(ctx.s.input(mat(n, heads * n, onehot))) });
}
