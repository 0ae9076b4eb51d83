import { NO_ACT, type Act } from '../runtime/act.ts';
import type { Aggr } from '../runtime/ops.ts';
import type { Fields } from '../spec/fields.ts';
import type { Params } from '../spec/params.ts';
import type { EdgeSet } from '../tensor/batch.ts';
import type { Mat } from '../tensor/mat.ts';
import { stackRows, transformFirstPays, transformThenAggregate } from './block-slots.ts';
import { checkWidth, linear, type Conv, type Ctx, type T } from './layer.ts';

/** SAGEConv: x'_i = lin_l(aggr_{j∈N(i)} x_j) + lin_r(x_i) — PyG nn/conv/sage_conv.py */
export class SAGEConv implements Conv {
  constructor(
    readonly inChannels: [number, number],
    readonly outChannels: number,
    readonly aggr: Aggr,
    readonly normalize: boolean,
    readonly linL: Mat,
    readonly biasL: Mat | undefined,
    readonly linR: Mat | undefined,
    readonly project?: { weight: Mat; bias: Mat },
    /** aggr as model.json spells it, for the repr: PyG prints the string it was given ('add' and 'sum' compute the same). */
    readonly aggrName: string = aggr,
  ) {}

  private stacked?: Mat;

  static parse(f: Fields, p: Params, key: string): SAGEConv {
    const [inS, inD] = f.channels('in_channels');
    const outC = f.int('out_channels');
    const aggrName = f.str('aggr', ['mean', 'sum', 'add', 'max'], 'mean');
    const normalize = f.bool('normalize', false);
    const root = f.bool('root_weight', true);
    const project = f.bool('project', false);
    const hasBias = f.bool('bias', true);
    f.only('flow', ['source_to_target'], 'messages flow source to target');
    const why = `SAGEConv in_channels=${inS === inD ? inS : `(${inS}, ${inD})`} out_channels=${outC}`;
    return new SAGEConv(
      [inS, inD],
      outC,
      aggrName === 'add' ? 'sum' : aggrName,
      normalize,
      p.take(`${key}.lin_l.weight`, [outC, inS], why),
      p.takeIf(hasBias, `${key}.lin_l.bias`, [outC], why),
      p.takeIf(root, `${key}.lin_r.weight`, [outC, inD], why),
      project
        ? { weight: p.take(`${key}.lin.weight`, [inS, inS], why), bias: p.take(`${key}.lin.bias`, [inS], why) }
        : undefined,
      aggrName,
    );
  }

  toString(): string {
    const [a, b] = this.inChannels;
    return `SAGEConv(${a === b ? a : `(${a}, ${b})`}, ${this.outChannels}, aggr=${this.aggrName})`;
  }

  forward(ctx: Ctx, xSrc: T, xDst: T, edges: EdgeSet, act: Act): T {
    checkWidth(() => `${this.toString()} (source '${edges.src}')`, xSrc, this.inChannels[0]);
    checkWidth(() => `${this.toString()} (target '${edges.dst}')`, xDst, this.inChannels[1]);
    if (this.transformFirst(xSrc, xDst, edges)) {
      this.stacked ??= stackRows(this.linR ? [this.linL, this.linR] : [this.linL]);
      const out = transformThenAggregate(
        ctx,
        xSrc,
        edges.csr,
        null,
        1,
        this.linR !== undefined,
        this.stacked,
        this.aggr as 'sum' | 'mean',
        this.biasL,
        this.normalize ? NO_ACT : act,
      );
      return this.normalize ? this.normalized(ctx, out, act) : out;
    }
    const agg = this.aggregate(ctx, xSrc, edges);
    const root = this.linR && linear(ctx, xDst, this.linR, undefined, NO_ACT);
    if (!this.normalize) return linear(ctx, agg, this.linL, this.biasL, act, root);
    return this.normalized(ctx, linear(ctx, agg, this.linL, this.biasL, NO_ACT, root), act);
  }

  /** lin_r's weight, unless normalize (it normalises this relation's own sum) or transform-first runs. */
  foldableRoot(xSrc: T, xDst: T, edges: EdgeSet): Mat | undefined {
    return this.normalize || this.transformFirst(xSrc, xDst, edges) ? undefined : this.linR;
  }

  forwardFolded(ctx: Ctx, xSrc: T, edges: EdgeSet, act: Act, add: T): T {
    checkWidth(() => `${this.toString()} (source '${edges.src}')`, xSrc, this.inChannels[0]);
    return linear(ctx, this.aggregate(ctx, xSrc, edges), this.linL, this.biasL, act, add);
  }

  /** aggr_{j∈N(i)} x_j, each x_j projected first when `project`. */
  private aggregate(ctx: Ctx, xSrc: T, edges: EdgeSet): T {
    const s = ctx.s;
    const src = this.project
      ? linear(ctx, xSrc, this.project.weight, this.project.bias, { kind: 'relu', param: 0 })
      : xSrc;
    return s.spmm({ g: s.graph(edges.csr), x: src, aggr: this.aggr });
  }

  /**
   * lin_l(mean x_j) + lin_r(x_i) in one GEMM and one spmm (block-slots.ts) when the sum or mean reads
   * less that way; max aggregates first, and a projection or a bipartite input gives the two
   * terms different inputs.
   */
  private transformFirst(xSrc: T, xDst: T, edges: EdgeSet): boolean {
    if (this.aggr === 'max' || this.project || xSrc !== xDst) return false;
    return transformFirstPays(edges.csr, this.inChannels[0], this.outChannels, 1);
  }

  private normalized(ctx: Ctx, x: T, act: Act): T {
    const out = ctx.s.l2Normalize({ x, eps: 1e-12 });
    return act.kind === 'none' ? out : ctx.s.activation({ x: out, act });
  }
}
