import type { AttentionOut, Layer, NodeStates } from '../layers/layer.ts';
import { GCNConv } from '../layers/gcn-conv.ts';
import { HeteroConv } from '../layers/hetero-conv.ts';
import { HomoConv, PerNode } from '../layers/node-layers.ts';
import type { Backend } from '../runtime/ops.ts';
import type { Batch } from '../tensor/batch.ts';
import type { Mat } from '../tensor/mat.ts';
import type { SafetensorsFile } from '../tensor/safetensors.ts';
import type { Json } from '../spec/fields.ts';
import { parseGraph, type GraphSpec } from '../spec/graph-spec.ts';
import { Params } from '../spec/params.ts';
import { buildLayers } from './build.ts';
import { edgeReads, type EdgeReads } from './edge-reads.ts';

export const FORMAT = 'weft-model/1';

/**
 * Where a run's time went, ms. upload: the batch's features handed to the backend (WebGPU: written
 * to its buffers). compute: the layers (CPU: the arithmetic itself; WebGPU: recording and
 * submitting the kernels, and the weights' first upload). readback: until the outputs are in host
 * memory (WebGPU: the GPU's execution and the copy back; CPU: a copy).
 */
export interface RunStages {
  upload: number;
  compute: number;
  readback: number;
}

/** A weft-model/1 model bound to its checkpoint: the op plan, run on any backend. */
export class Model {
  private constructor(
    readonly name: string,
    readonly graph: GraphSpec,
    readonly layers: readonly Layer[],
    readonly outputs: readonly string[],
  ) {}

  /** Parse and validate model.json against weights.safetensors; every problem is reported at once. */
  static fromSpec(spec: Json, weights: SafetensorsFile, where = 'model.json'): Model {
    if (spec === null || typeof spec !== 'object' || Array.isArray(spec))
      throw new Error(`${where}: expected a JSON object`);
    if (spec.format !== FORMAT)
      throw new Error(`${where}: field 'format' is ${JSON.stringify(spec.format)}, expected '${FORMAT}'`);
    const graph = parseGraph(spec.graph, where);
    if (!Array.isArray(spec.layers) || spec.layers.length === 0)
      throw new Error(`${where}: field 'layers' must be a non-empty list`);
    const p = new Params(weights);
    const layers = fuseLayers(buildLayers(spec.layers, where, p, graph));
    p.finish();
    const outputs = Array.isArray(spec.output) ? spec.output.map(String) : [graph.hetero ? 'out.<ntype>' : 'out'];
    return new Model(typeof spec.name === 'string' ? spec.name : 'model', graph, layers, outputs);
  }

  /** Message-passing layers: a target's score reads its neighbourhood this many hops deep. */
  get hops(): number {
    return this.layers.filter(isConv).length;
  }

  /**
   * Per message-passing layer l of L, per node type, the rows within L-1-l hops: all that the later
   * layers read of its output. None where the batch is not in hop order, or where a layer reads past
   * its destinations' in-edges: GCNConv normalises by its sources' degrees, which trimming would cut.
   */
  private keeps(batch: Batch): ReadonlyMap<string, number>[] | undefined {
    const convs = this.layers.flatMap((l) =>
      l instanceof HomoConv ? [l.conv] : l instanceof HeteroConv ? [...l.convs.values()] : [],
    );
    if (!batch.hopRows || convs.some((c) => c instanceof GCNConv)) return undefined;
    const hopRows = batch.hopRows;
    const L = this.hops;
    return Array.from(
      { length: L },
      (_, l) => new Map([...hopRows].map(([t, within]) => [t, within[Math.min(L - 1 - l, within.length - 1)]])),
    );
  }

  /** Per relation, the edge data (attributes, weight) its layers read: a store serving the model must hold it. */
  get edgeReads(): ReadonlyMap<string, EdgeReads> {
    return edgeReads(this.layers);
  }

  /** The node types the model outputs scores for (model.json's `output`; every type where it names none). */
  get scoredTypes(): readonly string[] {
    if (!this.graph.hetero) return this.graph.nodeTypes;
    const named = this.outputs.filter((o) => o.startsWith('out.') && o !== 'out.<ntype>').map((o) => o.slice(4));
    return named.length > 0 ? named : this.graph.nodeTypes;
  }

  toString(): string {
    return `${this.name}: ${this.layers.join(' → ')}`;
  }

  /**
   * Run on a batch; returns `out` (homogeneous) or `out.<ntype>`, rows limited to batch.targets when
   * given. A batch in hop order (batch.hopRows) is trimmed: each message-passing layer computes only
   * the rows its later layers read, unless `trim` is false. `rows`, when given, receives each layer's
   * output rows per node type; `stages`, the milliseconds of each stage (see RunStages).
   */
  async run(
    batch: Batch,
    {
      backend,
      trim = true,
      rows,
      stages,
      attention,
    }: {
      backend: Backend;
      trim?: boolean;
      rows?: Map<string, number>[];
      stages?: RunStages;
      /** Receives each attention layer's coefficients per relation (GATConv's; none from other layers). */
      attention?: AttentionWeights[];
    },
  ): Promise<Map<string, Mat>> {
    if (batch.homogeneous === this.graph.hetero) {
      throw new Error(
        `graph is ${batch.homogeneous ? 'homogeneous' : 'heterogeneous'} but model '${this.name}' expects a ${this.graph.hetero ? 'heterogeneous' : 'homogeneous'} graph`,
      );
    }
    const s = backend.session(this);
    try {
      const ctx = { s, batch, once: new Map() };
      const keeps = trim ? this.keeps(batch) : undefined;
      let conv = 0;
      const t0 = performance.now();
      let h: NodeStates = new Map([...batch.x].map(([t, x]) => [t, s.input(x)]));
      const t1 = performance.now();
      const wanted: (AttentionOut & { layer: number })[] = [];
      for (const [l, layer] of this.layers.entries()) {
        const keep = isConv(layer) ? keeps?.[conv++] : undefined;
        const seen = attention && ((a: AttentionOut) => wanted.push({ ...a, layer: l }));
        h = layer.run(keep || seen ? { ...ctx, keep, attention: seen } : ctx, h);
        rows?.push(new Map([...h].map(([t, x]) => [t, x.rows])));
      }
      const names = [...h.keys()].map((t) => (this.graph.hetero ? `out.${t}` : 'out'));
      const reads = [...h].map(([t, x]) => {
        const idx = batch.targets?.get(t);
        return s.read(idx ? s.gatherRows({ x, idx }) : x);
      });
      const t2 = performance.now();
      const mats = await Promise.all(reads);
      for (const a of wanted) attention!.push(attentionWeights(a, await s.read(a.alpha)));
      if (stages) {
        stages.upload = t1 - t0;
        stages.compute = t2 - t1;
        stages.readback = performance.now() - t2;
      }
      // model.json's `output` order first, then anything else by name: stable for writers and readers.
      const rank = (n: string) => (this.outputs.includes(n) ? this.outputs.indexOf(n) : this.outputs.length);
      const order = names
        .map((n, i) => [n, i] as const)
        .sort((a, b) => rank(a[0]) - rank(b[0]) || a[0].localeCompare(b[0]));
      return new Map(order.map(([n, i]) => [n, mats[i]]));
    } finally {
      s.end();
    }
  }
}

/** One attention layer's coefficients on one relation, per edge (CSR order) and head. */
export interface AttentionWeights {
  /** Index of the layer in the model's plan. */
  readonly layer: number;
  readonly relation: string;
  readonly heads: number;
  /** Per edge: source row, destination row (self loops included where the layer adds them). */
  readonly src: Int32Array;
  readonly dst: Int32Array;
  /** [edges, heads]: α of each edge, its destination's α summing to 1 per head (an edge repeated between two nodes shows their sum). */
  readonly alpha: Float32Array;
}

function attentionWeights(a: AttentionOut & { layer: number }, m: Mat): AttentionWeights {
  const { csr, heads: H } = a;
  const n = csr.numSrc;
  const nnz = csr.rowptr[csr.numDst];
  const src = csr.col.slice(0, nnz);
  const dst = new Int32Array(nnz);
  const alpha = new Float32Array(nnz * H);
  for (let i = 0; i < csr.numDst; i++)
    for (let k = csr.rowptr[i]; k < csr.rowptr[i + 1]; k++) {
      dst[k] = i;
      for (let h = 0; h < H; h++) alpha[k * H + h] = m.data[i * m.cols + h * n + csr.col[k]];
    }
  return { layer: a.layer, relation: a.relation, heads: H, src, dst, alpha };
}

const isConv = (l: Layer): boolean => l instanceof HomoConv || l instanceof HeteroConv;

/** Fold an activation into the layer before it: a conv's last kernel, or a dense op's epilogue. */
function fuseLayers(layers: Layer[]): Layer[] {
  const out: Layer[] = [];
  for (const l of layers) {
    const prev = out[out.length - 1];
    const act = l instanceof PerNode ? l.activation() : null;
    const fused = !act
      ? null
      : prev instanceof HomoConv && prev.act.kind === 'none'
        ? new HomoConv(prev.conv, act)
        : prev instanceof HeteroConv && prev.act.kind === 'none'
          ? new HeteroConv(prev.convs, prev.aggr, act)
          : prev instanceof PerNode
            ? prev.fuse(act)
            : null;
    if (fused) {
      out[out.length - 1] = fused;
      continue;
    }
    out.push(l);
  }
  return out;
}
