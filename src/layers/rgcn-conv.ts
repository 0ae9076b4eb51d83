import { NO_ACT, type Act } from '../kernels/act.ts';
import type { Aggr } from '../kernels/ops.ts';
import type { Fields } from '../model/fields.ts';
import type { Params } from '../model/params.ts';
import type { EdgeSet } from '../tensor/batch.ts';
import type { Csr } from '../tensor/csr.ts';
import { ofType } from '../tensor/csr-variants.ts';
import { mat, transpose, type Mat } from '../tensor/mat.ts';
import { checkWidth, linear, perRun, type Conv, type Ctx, type T } from './layer.ts';

/**
 * RGCNConv: x'_i = x_i · root + Σ_r aggr_{j∈N_r(i)} x_j · weight[r] + bias — PyG nn/conv/rgcn_conv.py.
 * `weight` [R, in, out] and `root` [in, out] multiply from the right (not transposed as
 * Linear's are); the loader transposes them once, bases and blocks expanded first.
 */
export class RGCNConv implements Conv {
  constructor(
    readonly inChannels: [number, number], readonly outChannels: number, readonly numRelations: number, readonly aggr: Aggr,
    /** [out, in] per relation, for the GEMM's x · wᵀ. */ readonly weights: Mat[],
    readonly root: Mat | undefined, readonly bias: Mat | undefined, readonly label: string,
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
    if (bases !== null && blocks !== null) throw new Error(`${f.where}: num_bases and num_blocks are exclusive (PyG raises too)`);
    const why = `RGCNConv in_channels=${inS} out_channels=${outC} num_relations=${R}`;
    let perRelation: Mat[];
    if (bases !== null) {
      const basis = p.take(`${key}.weight`, [bases, inS, outC], why);
      const comp = p.take(`${key}.comp`, [R, bases], why);
      perRelation = Array.from({ length: R }, (_, r) => combineBases(comp, basis, r, inS, outC));
    } else if (blocks !== null) {
      if (inS % blocks !== 0 || outC % blocks !== 0) throw new Error(`${f.where}: in_channels ${inS} and out_channels ${outC} must both divide by num_blocks ${blocks}`);
      const w = p.take(`${key}.weight`, [R, blocks, inS / blocks, outC / blocks], why);
      perRelation = Array.from({ length: R }, (_, r) => expandBlocks(w, r, blocks, inS, outC));
    } else {
      const w = p.take(`${key}.weight`, [R, inS, outC], why);
      perRelation = Array.from({ length: R }, (_, r) => mat(inS, outC, w.data.subarray(r * inS * outC, (r + 1) * inS * outC)));
    }
    const root = hasRoot ? transpose(mat(inD, outC, p.take(`${key}.root`, [inD, outC], why).data)) : undefined;
    const label = `RGCNConv(${inS}, ${outC}, num_relations=${R})`;
    return new RGCNConv([inS, inD], outC, R, aggrName === 'add' ? 'sum' : aggrName, perRelation.map(transpose), root,
      p.takeIf(hasBias, `${key}.bias`, [outC], why), label);
  }

  toString(): string {
    return this.label;
  }

  forward(ctx: Ctx, xSrc: T, xDst: T, edges: EdgeSet, act: Act): T {
    checkWidth(this.label, xSrc, this.inChannels[0]);
    const s = ctx.s;
    const types = edges.edgeType;
    if (!types) throw new Error(`${this.label}: relation '${edges.key}' has no 'edge_type'`);
    for (let e = 0; e < types.length; e++) {
      if (types[e] < 0 || types[e] >= this.numRelations) throw new Error(`${this.label}: edge_type[${e}] = ${types[e]} is not in [0, ${this.numRelations - 1}]`);
    }
    if (this.transformFirst(xSrc, xDst, edges)) return this.transformThenAggregate(ctx, xSrc, edges, types, act);
    let out: T | undefined = this.root ? linear(ctx, xDst, this.root, this.bias, NO_ACT) : undefined;
    const R = this.numRelations;
    for (let r = 0; r < R; r++) {
      const agg = s.spmm({ g: s.graph(ofType(edges.csr, types, r)), x: xSrc, aggr: this.aggr });
      out = linear(ctx, agg, this.weights[r], out === undefined ? this.bias : undefined, r === R - 1 ? act : NO_ACT, out);
    }
    if (out === undefined) return s.biasAct({ x: s.input(mat(xDst.rows, this.outChannels)), bias: this.bias && s.param(this.bias), act });
    return R === 0 ? s.activation({ x: out, act }) : out;
  }

  /**
   * Sum and mean are linear, so Σ_r aggr_r(x_j) · W_r = Σ_r aggr_r(x_j · W_r), exact up to f32 rounding
   * (PyG's max aggregates first, and max does not commute with W_r). Then one GEMM makes every
   * relation's (and the root's) transform at once and one weighted spmm sums the right block per
   * edge, where the aggregate-first path makes R spmm passes over every row and R + 1 GEMMs. Taken
   * when the aggregation reads less: `out` values per edge and node against `in` per edge plus the
   * R partial results' writes and re-reads. It needs the root's input to be the sources' (one GEMM).
   */
  private transformFirst(xSrc: T, xDst: T, edges: EdgeSet): boolean {
    if (this.aggr === 'max' || xSrc !== xDst || this.numRelations === 0) return false;
    const E = edges.csr.col.length, N = edges.csr.numDst, R = this.numRelations, F = this.inChannels[0], H = this.outChannels;
    return (E + N) * H <= E * F + R * N * (F + 2 * H);
  }

  private transformThenAggregate(ctx: Ctx, x: T, edges: EdgeSet, types: Int32Array, act: Act): T {
    const s = ctx.s;
    const blocks = this.numRelations + (this.root ? 1 : 0);
    const slots = relationSlots(edges.csr, types, this.numRelations, this.root !== undefined);
    const y = linear(ctx, x, this.stackedWeights(), undefined, NO_ACT);
    const ew = this.aggr === 'mean' ? perRun(ctx, 'rgcn-mean-weights', slots.csr, () => s.input(slots.mean)) : undefined;
    return s.spmm({
      g: s.graph(slots.csr), x: s.reshape({ x: y, rows: x.rows * blocks, cols: this.outChannels }), aggr: 'sum', ew,
      bias: this.bias && s.param(this.bias), act,
    });
  }

  /** [weight[0]ᵀ; …; weight[R-1]ᵀ; rootᵀ] as one Linear weight [(R+1)·out, in], stacked once. */
  private stackedWeights(): Mat {
    if (!this.stacked) {
      const parts = this.root ? [...this.weights, this.root] : this.weights;
      const data = new Float32Array(parts.length * this.outChannels * this.inChannels[0]);
      parts.forEach((w, b) => data.set(w.data, b * w.data.length));
      this.stacked = mat(parts.length * this.outChannels, this.inChannels[0], data);
    }
    return this.stacked;
  }
}

/** The sources' transformed rows seen as [numSrc·B, out]: node j's block b is row j·B + b. */
interface RelationSlots {
  /** Each edge j→i of relation r reads row j·B + r; with a root, each row ends with slot i·B + R. */
  readonly csr: Csr;
  /** [nnz, 1]: 1 / |N_r(i)| for an edge of relation r, 1 for the root slot (aggr mean). */
  readonly mean: Mat;
}

const slotCache = new WeakMap<Csr, Map<string, RelationSlots>>();

/** Built on the host once per batch graph (edge_type belongs to it) and reused by every layer and run. */
function relationSlots(c: Csr, types: Int32Array, R: number, root: boolean): RelationSlots {
  let m = slotCache.get(c);
  if (!m) slotCache.set(c, (m = new Map()));
  const key = `${R}:${root}`;
  let hit = m.get(key);
  if (hit) return hit;
  const B = R + (root ? 1 : 0), n = c.numDst;
  const nnz = c.col.length + (root ? n : 0);
  const rowptr = new Int32Array(n + 1), col = new Int32Array(nnz), eid = new Int32Array(nnz), w = new Float32Array(nnz);
  const count = new Int32Array(R);
  let at = 0;
  for (let i = 0; i < n; i++) {
    const start = c.rowptr[i], end = c.rowptr[i + 1];
    for (let k = start; k < end; k++) count[types[c.eid[k]]]++;
    for (let k = start; k < end; k++, at++) {
      const r = types[c.eid[k]];
      col[at] = c.col[k] * B + r;
      eid[at] = c.eid[k];
      w[at] = 1 / count[r];
    }
    for (let k = start; k < end; k++) count[types[c.eid[k]]] = 0;
    if (root) {
      col[at] = i * B + R;
      eid[at] = c.numEdges + i;
      w[at++] = 1;
    }
    rowptr[i + 1] = at;
  }
  hit = { csr: { numSrc: c.numSrc * B, numDst: n, numEdges: c.numEdges, rowptr, col, eid }, mean: mat(nnz, 1, w) };
  m.set(key, hit);
  return hit;
}

/** weight_r = Σ_b comp[r, b] · basis[b]  (PyG: comp @ weight.view(num_bases, -1)). */
function combineBases(comp: Mat, basis: Mat, r: number, inC: number, outC: number): Mat {
  const B = comp.cols, n = inC * outC;
  const out = new Float32Array(n);
  for (let b = 0; b < B; b++) {
    const c = comp.data[r * B + b];
    for (let i = 0; i < n; i++) out[i] += c * basis.data[b * n + i];
  }
  return mat(inC, outC, out);
}

/** Block-diagonal [in, out] from weight[r] of shape [blocks, in/blocks, out/blocks]. */
function expandBlocks(w: Mat, r: number, blocks: number, inC: number, outC: number): Mat {
  const bi = inC / blocks, bo = outC / blocks;
  const out = new Float32Array(inC * outC);
  const base = r * blocks * bi * bo;
  for (let b = 0; b < blocks; b++) for (let i = 0; i < bi; i++) for (let o = 0; o < bo; o++) {
    out[(b * bi + i) * outC + b * bo + o] = w.data[base + (b * bi + i) * bo + o];
  }
  return mat(inC, outC, out);
}
