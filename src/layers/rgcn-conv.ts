import { NO_ACT, type Act } from '../runtime/act.ts';
import type { Aggr } from '../runtime/ops.ts';
import type { Fields } from '../spec/fields.ts';
import type { Params } from '../spec/params.ts';
import type { EdgeSet } from '../tensor/batch.ts';
import { ofType } from '../tensor/csr-variants.ts';
import { mat, transpose, type Mat } from '../tensor/mat.ts';
import { stackRows, transformFirstPays, transformThenAggregate } from './block-slots.ts';
import { checkWidth, linear, type Conv, type Ctx, type T } from './layer.ts';

/**
 * RGCNConv: x'_i = x_i · root + Σ_r aggr_{j∈N_r(i)} x_j · weight[r] + bias — PyG nn/conv/rgcn_conv.py.
 * `weight` [R, in, out] and `root` [in, out] multiply from the right (not transposed as
 * Linear's are); the loader transposes them once, bases and blocks expanded first.
 */
export class RGCNConv implements Conv {
  constructor(
    readonly inChannels: [number, number],
    readonly outChannels: number,
    readonly numRelations: number,
    readonly aggr: Aggr,
    /** [out, in] per relation, for the GEMM's x · wᵀ. */ readonly weights: Mat[],
    readonly root: Mat | undefined,
    readonly bias: Mat | undefined,
    readonly label: string,
  ) {}

  private stacked?: Mat;

  static parse(f: Fields, p: Params, key: string): RGCNConv {
    const [inS, inD] = f.channels('in_channels');
    const outC = f.int('out_channels');
    const R = f.int('num_relations');
    const bases = f.optInt('num_bases');
    const blocks = f.optInt('num_blocks');
    const aggrName = f.str('aggr', ['mean', 'add', 'sum', 'max'], 'mean');
    const hasRoot = f.bool('root_weight', true);
    const hasBias = f.bool('bias', true);
    f.only('flow', ['source_to_target'], 'messages flow source to target');
    if (bases !== null && blocks !== null)
      throw new Error(`${f.where}: num_bases and num_blocks are exclusive (PyG raises too)`);
    const why = `RGCNConv in_channels=${inS} out_channels=${outC} num_relations=${R}`;
    let perRelation: Mat[];
    if (bases !== null) {
      const basis = p.take(`${key}.weight`, [bases, inS, outC], why);
      const comp = p.take(`${key}.comp`, [R, bases], why);
      perRelation = Array.from({ length: R }, (_, r) => combineBases(comp, basis, r, inS, outC));
    } else if (blocks !== null) {
      if (inS % blocks !== 0 || outC % blocks !== 0)
        throw new Error(
          `${f.where}: in_channels ${inS} and out_channels ${outC} must both divide by num_blocks ${blocks}`,
        );
      const w = p.take(`${key}.weight`, [R, blocks, inS / blocks, outC / blocks], why);
      perRelation = Array.from({ length: R }, (_, r) => expandBlocks(w, r, blocks, inS, outC));
    } else {
      const w = p.take(`${key}.weight`, [R, inS, outC], why);
      perRelation = Array.from({ length: R }, (_, r) =>
        mat(inS, outC, w.data.subarray(r * inS * outC, (r + 1) * inS * outC)),
      );
    }
    const root = hasRoot ? transpose(mat(inD, outC, p.take(`${key}.root`, [inD, outC], why).data)) : undefined;
    const label = `RGCNConv(${inS}, ${outC}, num_relations=${R})`;
    return new RGCNConv(
      [inS, inD],
      outC,
      R,
      aggrName === 'add' ? 'sum' : aggrName,
      perRelation.map(transpose),
      root,
      p.takeIf(hasBias, `${key}.bias`, [outC], why),
      label,
    );
  }

  toString(): string {
    return this.label;
  }

  forward(ctx: Ctx, xSrc: T, xDst: T, edges: EdgeSet, act: Act): T {
    checkWidth(() => this.label, xSrc, this.inChannels[0]);
    const s = ctx.s;
    const types = edges.edgeType;
    if (!types) throw new Error(`${this.label}: relation '${edges.key}' has no 'edge_type'`);
    for (let e = 0; e < types.length; e++) {
      if (types[e] < 0 || types[e] >= this.numRelations)
        throw new Error(`${this.label}: edge_type[${e}] = ${types[e]} is not in [0, ${this.numRelations - 1}]`);
    }
    if (this.transformFirst(xSrc, xDst, edges)) return this.transformThenAggregate(ctx, xSrc, edges, types, act);
    let out: T | undefined = this.root ? linear(ctx, xDst, this.root, this.bias, NO_ACT) : undefined;
    const R = this.numRelations;
    for (let r = 0; r < R; r++) {
      const agg = s.spmm({ g: s.graph(ofType(edges.csr, types, r)), x: xSrc, aggr: this.aggr });
      out = linear(
        ctx,
        agg,
        this.weights[r],
        out === undefined ? this.bias : undefined,
        r === R - 1 ? act : NO_ACT,
        out,
      );
    }
    if (out === undefined)
      return s.biasAct({ x: s.input(mat(xDst.rows, this.outChannels)), bias: this.bias && s.param(this.bias), act });
    return R === 0 ? s.activation({ x: out, act }) : out;
  }

  /**
   * Sum and mean by transform-then-aggregate (block-slots.ts) when that reads less; PyG's max
   * aggregates first, and max does not commute with W_r. One GEMM makes the root's transform too, so
   * the root's input must be the sources'.
   */
  private transformFirst(xSrc: T, xDst: T, edges: EdgeSet): boolean {
    if (this.aggr === 'max' || xSrc !== xDst || this.numRelations === 0) return false;
    return transformFirstPays(edges.csr, this.inChannels[0], this.outChannels, this.numRelations);
  }

  private transformThenAggregate(ctx: Ctx, x: T, edges: EdgeSet, types: Int32Array, act: Act): T {
    this.stacked ??= stackRows(this.root ? [...this.weights, this.root] : this.weights);
    return transformThenAggregate(
      ctx,
      x,
      edges.csr,
      types,
      this.numRelations,
      this.root !== undefined,
      this.stacked,
      this.aggr as 'sum' | 'mean',
      this.bias,
      act,
    );
  }
}

/** weight_r = Σ_b comp[r, b] · basis[b]  (PyG: comp @ weight.view(num_bases, -1)). */
function combineBases(comp: Mat, basis: Mat, r: number, inC: number, outC: number): Mat {
  const B = comp.cols,
    n = inC * outC;
  const out = new Float32Array(n);
  for (let b = 0; b < B; b++) {
    const c = comp.data[r * B + b];
    for (let i = 0; i < n; i++) out[i] += c * basis.data[b * n + i];
  }
  return mat(inC, outC, out);
}

/** Block-diagonal [in, out] from weight[r] of shape [blocks, in/blocks, out/blocks]. */
function expandBlocks(w: Mat, r: number, blocks: number, inC: number, outC: number): Mat {
  const bi = inC / blocks,
    bo = outC / blocks;
  const out = new Float32Array(inC * outC);
  const base = r * blocks * bi * bo;
  for (let b = 0; b < blocks; b++)
    for (let i = 0; i < bi; i++)
      for (let o = 0; o < bo; o++) {
        out[(b * bi + i) * outC + b * bo + o] = w.data[base + (b * bi + i) * bo + o];
      }
  return mat(inC, outC, out);
}
