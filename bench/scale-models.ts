// The scale suite's models and graphs, seeded so every run and both backends see the same ones: a
// 2-layer SAGEConv mean and a 2-layer GATConv (F = H = 64) built through the model loader from a
// spec and safetensors in memory, and random graphs of N nodes and DEGREE·N edges.
import { Model } from '../src/model/model.ts';
import { Rng } from '../src/sample/rng.ts';
import type { Json } from '../src/spec/fields.ts';
import { HOMO_NODE, HOMO_REL, type Batch } from '../src/tensor/batch.ts';
import { buildCsr } from '../src/tensor/csr.ts';
import { mat } from '../src/tensor/mat.ts';
import { parseSafetensors, serializeSafetensors, type Tensor } from '../src/tensor/safetensors.ts';

export const F = 64;
export const DEGREE = 10;
/** GAT's heads: 4 × 16 channels, concatenated back to 64. */
const HEADS = 4;

export const MODELS = ['sage', 'gat'] as const;
export type ModelName = (typeof MODELS)[number];

/** Uniform draws in ±scale, seeded (the sampler's mulberry32). */
function uniform(shape: number[], r: Rng, scale: number): Tensor {
  const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < data.length; i++) data[i] = (r.next() * 2 - 1) * scale;
  return { dtype: 'F32', shape, data };
}

function load(name: string, layers: Json[], weights: Record<string, Tensor>): Model {
  const spec: Json = { format: 'weft-model/1', name, graph: 'homogeneous', layers, output: ['out'] };
  const file = parseSafetensors(serializeSafetensors(new Map(Object.entries(weights))), `${name}.weights`);
  return Model.fromSpec(spec, file, `${name} model.json`);
}

/** Weights uniform in ±1/sqrt(fan_in), as torch initialises Linear. */
export function buildModel(name: ModelName): Model {
  const r = new Rng(2);
  const s = 1 / Math.sqrt(F);
  const weights: Record<string, Tensor> = {};
  const convs = ['conv1', 'conv2'];
  if (name === 'sage') {
    for (const key of convs) {
      weights[`${key}.lin_l.weight`] = uniform([F, F], r, s);
      weights[`${key}.lin_l.bias`] = uniform([F], r, s);
      weights[`${key}.lin_r.weight`] = uniform([F, F], r, s);
    }
    const conv = (key: string): Json => ({
      op: 'SAGEConv',
      key,
      in_channels: F,
      out_channels: F,
      aggr: 'mean',
      normalize: false,
      root_weight: true,
      project: false,
      bias: true,
    });
    return load('scale_sage_mean2', [conv('conv1'), { op: 'relu' }, conv('conv2')], weights);
  }
  for (const key of convs) {
    weights[`${key}.lin.weight`] = uniform([F, F], r, s);
    weights[`${key}.att_src`] = uniform([1, HEADS, F / HEADS], r, s);
    weights[`${key}.att_dst`] = uniform([1, HEADS, F / HEADS], r, s);
    weights[`${key}.bias`] = uniform([F], r, s);
  }
  const conv = (key: string): Json => ({
    op: 'GATConv',
    key,
    in_channels: F,
    out_channels: F / HEADS,
    heads: HEADS,
    concat: true,
    negative_slope: 0.2,
    dropout: 0,
    add_self_loops: true,
    edge_dim: null,
    fill_value: 'mean',
    bias: true,
  });
  return load('scale_gat2', [conv('conv1'), { op: 'elu', alpha: 1 }, conv('conv2')], weights);
}

/** N nodes with F features, DEGREE·N edges of uniform random ends (duplicates and self loops allowed, as in real graphs). */
export function randomGraph(n: number): Batch {
  const r = new Rng(n);
  const e = n * DEGREE;
  const src = new Int32Array(e),
    dst = new Int32Array(e);
  for (let k = 0; k < e; k++) {
    src[k] = Math.floor(r.next() * n);
    dst[k] = Math.floor(r.next() * n);
  }
  const x = uniform([n, F], r, 1).data as Float32Array;
  const [from, rel, to] = HOMO_REL.split('__');
  return {
    homogeneous: true,
    x: new Map([[HOMO_NODE, mat(n, F, x)]]),
    edges: new Map([[HOMO_REL, { key: HOMO_REL, src: from, rel, dst: to, csr: buildCsr(src, dst, n, n) }]]),
  };
}
