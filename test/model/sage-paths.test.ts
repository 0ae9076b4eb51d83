// SAGEConv with aggr sum or mean takes one of two paths (aggregate then transform, or one GEMM over
// [lin_l; lin_r] then one weighted spmm), chosen by width and graph size. Both must equal PyG's
// formula, computed here naively in f64, on each backend: widths that pick each path, root and bias
// on and off, normalize, isolated nodes, self loops and a hub row. max takes the first path always.
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

const N = 240;
const r = rng(33);
const tensor = (shape: number[]): Tensor => ({
  dtype: 'F32',
  shape,
  data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => r() * 2 - 1),
});
const safetensors = (t: Record<string, Tensor>, name: string) =>
  parseSafetensors(serializeSafetensors(new Map(Object.entries(t))), name);

// Node 5 receives a 700-edge hub row (self loops among them); nodes from 200 on receive nothing.
const edgeSrc: number[] = [],
  edgeDst: number[] = [];
for (let k = 0; k < 5000; k++) {
  edgeSrc.push(k % 350 === 0 ? 5 : Math.floor(r() * N));
  edgeDst.push(k < 700 ? 5 : Math.floor(r() * 200));
}
const into: number[][] = Array.from({ length: N }, () => []);
edgeSrc.forEach((j, k) => {
  into[edgeDst[k]].push(j);
});

/** PyG SAGEConv: lin_l(aggr_j x_j) + lin_l.bias + lin_r(x_i), then L2-normalised rows when normalize. */
function reference(
  x: Float32Array,
  F: number,
  H: number,
  w: Record<string, Tensor>,
  aggr: string,
  normalize: boolean,
): Mat {
  const out = new Float32Array(N * H);
  const lin = (key: string, v: Float64Array, acc: Float64Array) => {
    const m = w[key]?.data as Float32Array | undefined;
    if (m) for (let h = 0; h < H; h++) for (let f = 0; f < F; f++) acc[h] += m[h * F + f] * v[f];
  };
  for (let i = 0; i < N; i++) {
    const a = new Float64Array(F).fill(aggr === 'max' && into[i].length ? -Infinity : 0);
    for (const j of into[i])
      for (let f = 0; f < F; f++) a[f] = aggr === 'max' ? Math.max(a[f], x[j * F + f]) : a[f] + x[j * F + f];
    if (aggr === 'mean' && into[i].length) for (let f = 0; f < F; f++) a[f] /= into[i].length;
    const acc = Float64Array.from({ length: H }, (_, h) => (w['conv.lin_l.bias']?.data[h] as number | undefined) ?? 0);
    lin('conv.lin_l.weight', a, acc);
    lin('conv.lin_r.weight', Float64Array.from(x.subarray(i * F, (i + 1) * F)), acc);
    const norm = normalize ? Math.max(Math.hypot(...acc), 1e-12) : 1;
    for (let h = 0; h < H; h++) out[i * H + h] = acc[h] / norm;
  }
  return mat(N, H, out);
}

// At ~21 edges a node, 4 -> 40 aggregates first (the spmm would read 10x more per edge) and 16 -> 8 transforms first.
for (const [F, H] of [
  [4, 40],
  [16, 8],
]) {
  for (const aggr of ['mean', 'sum', 'max']) {
    for (const [root, bias, normalize] of [
      [true, true, false],
      [false, true, true],
      [true, false, true],
    ]) {
      test(`SAGEConv(${F}, ${H}, aggr=${aggr}, root_weight=${root}, bias=${bias}, normalize=${normalize}) matches PyG's formula on cpu and webgpu`, async () => {
        const x = tensor([N, F]);
        const weights: Record<string, Tensor> = { 'conv.lin_l.weight': tensor([H, F]) };
        if (bias) weights['conv.lin_l.bias'] = tensor([H]);
        if (root) weights['conv.lin_r.weight'] = tensor([H, F]);
        const layer = {
          op: 'SAGEConv',
          key: 'conv',
          in_channels: F,
          out_channels: H,
          aggr,
          normalize,
          root_weight: root,
          project: false,
          bias,
        };
        const model = Model.fromSpec(
          { format: 'weft-model/1', name: 'sage', graph: 'homogeneous', layers: [layer], output: ['out'] } as Json,
          safetensors(weights, 'sage.weights'),
        );
        const index = BigInt64Array.from([...edgeSrc, ...edgeDst].map(BigInt));
        const batch = graphFromSafetensors(
          safetensors({ x, edge_index: { dtype: 'I64', shape: [2, edgeSrc.length], data: index } }, 'sage.graph'),
        );
        const want = reference(x.data as Float32Array, F, H, weights, aggr, normalize);
        for (const backend of [new CpuBackend(), await gpu()] as Backend[]) {
          expectClose(`${backend.name} out`, (await model.run(batch, { backend })).get('out')!, want, REL_TOL, ROW_TOL);
        }
      });
    }
  }
}

test.run();
