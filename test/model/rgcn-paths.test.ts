// RGCNConv takes one of two paths (aggregate per relation then transform, or transform every relation
// in one GEMM then one weighted spmm), chosen by width and graph size. Both must match PyG's formula,
// computed here naively in f64, on each backend: shapes that pick each path, every aggr, root on and
// off, a relation with no edges, isolated nodes and a hub row.
import { test } from 'uvu';
import { CpuBackend } from '../../src/backend/cpu-backend.ts';
import type { Backend } from '../../src/runtime/ops.ts';
import type { Json } from '../../src/spec/fields.ts';
import { Model } from '../../src/model/model.ts';
import { graphFromSafetensors } from '../../src/tensor/graph-file.ts';
import { mat, type Mat } from '../../src/tensor/mat.ts';
import { parseSafetensors, serializeSafetensors, type Tensor } from '../../src/tensor/safetensors.ts';
import { expectClose, REL_TOL, ROW_TOL } from '../fixtures.ts';
import { gpu, rng } from '../kernels/gpu-harness.ts';

const N = 300,
  R = 3;
const r = rng(21);
const f32 = (shape: number[]): Tensor => ({
  dtype: 'F32',
  shape,
  data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => r() * 2 - 1),
});
const file = (t: Record<string, Tensor>, name: string) =>
  parseSafetensors(serializeSafetensors(new Map(Object.entries(t))), name);

// Relation 2 gets no edges; node 0 receives a 600-edge hub row; nodes past 250 receive nothing.
const src: number[] = [],
  dst: number[] = [],
  types: number[] = [];
for (let k = 0; k < 6000; k++) {
  src.push(Math.floor(r() * N));
  dst.push(k < 600 ? 0 : Math.floor(r() * 250));
  types.push(r() < 0.5 ? 0 : 1);
}
const E = src.length;
/** Sources of node i's in-edges of relation t, at [i * R + t]. */
const sources: number[][] = Array.from({ length: N * R }, () => []);
for (let k = 0; k < E; k++) sources[dst[k] * R + types[k]].push(src[k]);

/** PyG RGCNConv: x_i · root + bias + Σ_r aggr_{j→i of type r} x_j · weight[r], weight [R, in, out]. */
function reference(
  x: Mat,
  w: Float32Array,
  root: Float32Array | null,
  bias: Float32Array,
  H: number,
  aggr: string,
): Mat {
  const F = x.cols,
    out = new Float32Array(N * H);
  for (let i = 0; i < N; i++) {
    const acc = new Float64Array(H);
    for (let h = 0; h < H; h++) acc[h] = bias[h];
    if (root) for (let h = 0; h < H; h++) for (let f = 0; f < F; f++) acc[h] += x.data[i * F + f] * root[f * H + h];
    for (let t = 0; t < R; t++) {
      const js = sources[i * R + t];
      if (js.length === 0) continue;
      const a = new Float64Array(F).fill(aggr === 'max' ? -Infinity : 0);
      for (const j of js)
        for (let f = 0; f < F; f++)
          a[f] = aggr === 'max' ? Math.max(a[f], x.data[j * F + f]) : a[f] + x.data[j * F + f];
      if (aggr === 'mean') for (let f = 0; f < F; f++) a[f] /= js.length;
      for (let h = 0; h < H; h++) for (let f = 0; f < F; f++) acc[h] += a[f] * w[t * F * H + f * H + h];
    }
    out.set(acc, i * H);
  }
  return mat(N, H, out);
}

// [in, out] at 20 edges a node: 4 -> 40 aggregates first (the aggregation would read 10x more per edge), 16 -> 8 transforms first.
for (const [F, H] of [
  [4, 40],
  [16, 8],
]) {
  for (const aggr of ['mean', 'add', 'max']) {
    for (const hasRoot of [true, false]) {
      test(`RGCNConv(${F}, ${H}, aggr=${aggr}, root_weight=${hasRoot}) matches PyG's formula on cpu and webgpu`, async () => {
        const x = f32([N, F]);
        const weights: Record<string, Tensor> = { 'conv.weight': f32([R, F, H]), 'conv.bias': f32([H]) };
        if (hasRoot) weights['conv.root'] = f32([F, H]);
        const spec: Json = {
          format: 'weft-model/1',
          name: 'rgcn',
          graph: 'homogeneous',
          layers: [
            {
              op: 'RGCNConv',
              key: 'conv',
              in_channels: F,
              out_channels: H,
              num_relations: R,
              aggr,
              root_weight: hasRoot,
            },
          ],
        };
        const model = Model.fromSpec(spec, file(weights, 'rgcn.weights'));
        const index = BigInt64Array.from([...src, ...dst].map(BigInt));
        const batch = graphFromSafetensors(
          file(
            {
              x,
              edge_index: { dtype: 'I64', shape: [2, E], data: index },
              edge_type: { dtype: 'I64', shape: [E], data: BigInt64Array.from(types.map(BigInt)) },
            },
            'rgcn.graph',
          ),
        );
        const want = reference(
          mat(N, F, x.data as Float32Array),
          weights['conv.weight'].data as Float32Array,
          hasRoot ? (weights['conv.root'].data as Float32Array) : null,
          weights['conv.bias'].data as Float32Array,
          H,
          aggr,
        );
        for (const backend of [new CpuBackend(), await gpu()] as Backend[]) {
          expectClose(`${backend.name} out`, (await model.run(batch, { backend })).get('out')!, want, REL_TOL, ROW_TOL);
        }
      });
    }
  }
}

test.run();
