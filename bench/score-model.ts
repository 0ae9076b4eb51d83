// The scorer benchmark's model: 2-layer HeteroConv(SAGEConv) with hidden 64, relu between, then
// Linear(64, 1) and sigmoid on accounts, with seeded random weights (timing needs no training).
import { Model } from '../src/model/model.ts';
import { parseSafetensors, serializeSafetensors, type Tensor } from '../src/tensor/safetensors.ts';
import { lcg } from './graph-events.ts';
import { EDGE_TYPES, WIDTHS } from './score-graph.ts';

const HIDDEN = 64;

export function scoreModelJson(): Record<string, unknown> {
  const sage = (key: string, inCh: number | [number, number]) => ({
    op: 'SAGEConv',
    key,
    in_channels: inCh,
    out_channels: HIDDEN,
    aggr: 'mean',
    normalize: false,
    root_weight: true,
    project: false,
    bias: true,
  });
  const w = WIDTHS as Record<string, number>;
  const convs = (layer: string, only?: string) =>
    Object.fromEntries(
      EDGE_TYPES.filter(([, , d]) => only === undefined || d === only).map(([s, r, d]) => {
        const k = `${s}__${r}__${d}`;
        const inCh: number | [number, number] = layer === 'conv1' ? (s === d ? w[s] : [w[s], w[d]]) : HIDDEN;
        return [k, sage(`${layer}.convs.<${s}___${r}___${d}>`, inCh)];
      }),
    );
  return {
    format: 'weft-model/1',
    name: 'score_bench_sage',
    graph: { node_types: Object.keys(WIDTHS), edge_types: EDGE_TYPES },
    layers: [
      { op: 'HeteroConv', key: 'conv1', aggr: 'sum', convs: convs('conv1') },
      { op: 'relu' },
      // Only accounts are scored: the second layer computes what reaches them.
      { op: 'HeteroConv', key: 'conv2', aggr: 'sum', convs: convs('conv2', 'account') },
      { op: 'relu', node_types: ['account'] },
      { op: 'Linear', key: 'head', in_channels: HIDDEN, out_channels: 1, bias: true, node_types: ['account'] },
      { op: 'sigmoid' },
    ],
    output: ['out.account'],
  };
}

/** The model, its weights drawn from a seeded uniform(-1/sqrt(in), 1/sqrt(in)) as torch's Linear init. */
export function scoreModel(seed = 7): Model {
  return Model.fromSpec(scoreModelJson() as never, parseSafetensors(scoreWeights(seed), 'weights.safetensors'));
}

/** The model's weights.safetensors: what scoreModel loads, for a model directory (the server bench). */
export function scoreWeights(seed = 7): Uint8Array {
  const u = lcg(seed);
  const tensors = new Map<string, Tensor>();
  const put = (key: string, shape: number[], fanIn: number) => {
    const b = 1 / Math.sqrt(fanIn);
    const data = Float32Array.from({ length: shape.reduce((a, c) => a * c, 1) }, () => (u() * 2 - 1) * b);
    tensors.set(key, { dtype: 'F32', shape, data });
  };
  const w = WIDTHS as Record<string, number>;
  for (const layer of ['conv1', 'conv2']) {
    for (const [s, r, d] of EDGE_TYPES) {
      if (layer === 'conv2' && d !== 'account') continue;
      const k = `${layer}.convs.<${s}___${r}___${d}>`;
      const [inS, inD] = layer === 'conv1' ? [w[s], w[d]] : [HIDDEN, HIDDEN];
      put(`${k}.lin_l.weight`, [HIDDEN, inS], inS);
      put(`${k}.lin_l.bias`, [HIDDEN], inS);
      put(`${k}.lin_r.weight`, [HIDDEN, inD], inD);
    }
  }
  put('head.weight', [1, HIDDEN], HIDDEN);
  put('head.bias', [1], HIDDEN);
  return serializeSafetensors(tensors);
}
