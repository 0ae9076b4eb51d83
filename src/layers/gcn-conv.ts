import { NO_ACT, type Act } from '../runtime/act.ts';
import type { Fields } from '../spec/fields.ts';
import type { Params } from '../spec/params.ts';
import type { EdgeSet } from '../tensor/batch.ts';
import { loopsRemaining } from '../tensor/csr-variants.ts';
import { mat, type Mat } from '../tensor/mat.ts';
import { checkWidth, linear, perRun, type Conv, type Ctx, type T } from './layer.ts';

/** GCNConv: x'_i = Σ_{j∈N(i)∪{i}} deg^-½_j · w_ji · deg^-½_i · (x · lin.weightᵀ)_j + bias — PyG nn/conv/gcn_conv.py */
export class GCNConv implements Conv {
  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    readonly improved: boolean,
    readonly addSelfLoops: boolean,
    readonly normalize: boolean,
    readonly useEdgeWeight: boolean | null,
    readonly weight: Mat,
    readonly bias?: Mat,
  ) {}

  static parse(f: Fields, p: Params, key: string): GCNConv {
    const [inC, inDst] = f.channels('in_channels');
    if (inC !== inDst) f.fail('in_channels', 'one width: GCNConv is not bipartite');
    const outC = f.int('out_channels');
    const improved = f.bool('improved', false);
    const loops = f.bool('add_self_loops', true);
    const normalize = f.bool('normalize', true);
    const hasBias = f.bool('bias', true);
    f.only('aggr', ['add', 'sum'], "GCNConv aggregates with 'add'");
    f.only('flow', ['source_to_target'], 'messages flow source to target');
    const ew = f.has('uses_edge_weight') ? f.bool('uses_edge_weight') : null;
    const why = `GCNConv in_channels=${inC} out_channels=${outC}`;
    return new GCNConv(
      inC,
      outC,
      improved,
      loops,
      normalize,
      ew,
      p.take(`${key}.lin.weight`, [outC, inC], why),
      p.takeIf(hasBias, `${key}.bias`, [outC], why),
    );
  }

  toString(): string {
    return `GCNConv(${this.inChannels}, ${this.outChannels})`;
  }

  forward(ctx: Ctx, x: T, _xDst: T, edges: EdgeSet, act: Act): T {
    checkWidth(() => this.toString(), x, this.inChannels);
    const s = ctx.s;
    if (this.useEdgeWeight && !edges.edgeWeight)
      throw new Error(
        `${this.toString()}: the model uses edge weights but relation '${edges.key}' has no 'edge_weight'`,
      );
    const w = this.useEdgeWeight !== false ? edges.edgeWeight : undefined;
    const h = linear(ctx, x, this.weight, undefined, NO_ACT);
    const csr = this.normalize && this.addSelfLoops ? loopsRemaining(edges.csr) : edges.csr;
    const g = s.graph(csr);
    // Per-slot weights depend on the graph (its edge weights travel with it) and the loop fill only: made once per run.
    const fill = this.improved ? 2 : 1;
    const slotWeights = perRun(ctx, `gcn-slot-weights:${this.normalize ? fill : 'raw'}:${w ? 'ew' : '1'}`, csr, () => {
      const ew = w && s.input(mat(w.length, 1, w));
      if (this.normalize) return s.gcnNorm({ g, ew, fill });
      return ew && s.gatherRows({ x: ew, idx: edges.csr.eid });
    });
    return s.spmm({ g, x: h, aggr: 'sum', ew: slotWeights, bias: this.bias && s.param(this.bias), act });
  }
}
