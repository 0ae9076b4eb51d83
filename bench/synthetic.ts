// A synthetic 2-layer SAGE-mean (F = H = 64, relu between) on seeded random graphs of N nodes and
// 10·N edges, built through the public loader path (model.json + safetensors in memory), timed like
// bench/cases.ts (warm: upload + compute + readback), against the TF.js WebGPU reference from the
// issues. Each size's WebGPU output is checked against the CPU backend first, so a broken result
// cannot be reported fast. Table, then one JSON line.
// npm run bench -- synthetic [--nodes 1000,10000,100000] [--backends webgpu,cpu] [--time MS]
import { parseArgs } from '../src/cli/args.ts';
import { CpuBackend } from '../src/backend/cpu-backend.ts';
import { backendName, openBackend } from '../src/backend/open-backend.node.ts';
import type { Json } from '../src/spec/fields.ts';
import { Model } from '../src/model/model.ts';
import { Rng } from '../src/sample/rng.ts';
import { compareMats, describeMismatch } from '../src/tensor/compare.ts';
import { graphFromSafetensors } from '../src/tensor/graph-file.ts';
import { parseSafetensors, serializeSafetensors, type Tensor } from '../src/tensor/safetensors.ts';
import { machine, table, timeIt } from './util.ts';

const F = 64,
  H = 64,
  DEGREE = 10;
/** TF.js WebGPU backend, same Dawn + SwiftShader stack and machine kind, p50 ms (issue 3). */
const TFJS_WEBGPU_MS: Record<number, number> = { 1000: 328, 10000: 3424, 100000: 56369 };
/** test/fixtures.ts's acceptance rule: 1e-4 of max|expected|, per row 1e-3 of the row's scale. */
const REL_TOL = 1e-4,
  ROW_TOL = 1e-3;
/** Past this many edges a run takes seconds: fewer warm-ups and samples keep the bench to minutes. */
const BIG_EDGES = 300_000;

const args = parseArgs(process.argv.slice(2), ['nodes', 'backends', 'time']);
const sizes = (args.values.get('nodes') ?? '1000,10000,100000').split(',').map((v) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`--nodes has '${v}', expected positive integers separated by commas`);
  return n;
});
const names = args.values
  .get('backends')
  ?.split(',')
  .map((b) => backendName(b, '--backends')) ?? ['webgpu'];
const timeMs = Number(args.values.get('time') ?? 1000);

/** Seeded uniform [0, 1) draws (the sampler's mulberry32): every run and every backend sees the same graph and weights. */
function rng(seed: number): () => number {
  const r = new Rng(seed);
  return () => r.next();
}

const f32 = (shape: number[], r: () => number, scale: number): Tensor => {
  const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < data.length; i++) data[i] = (r() * 2 - 1) * scale;
  return { dtype: 'F32', shape, data };
};
const file = (t: Record<string, Tensor>, name: string) =>
  parseSafetensors(serializeSafetensors(new Map(Object.entries(t))), name);

/** PyG's SAGEConv(64, 64) twice, weights uniform in ±1/sqrt(fan_in) as torch's Linear initialises them. */
function sageModel(): Model {
  const r = rng(2);
  const conv = (key: string, inC: number, outC: number): Json => ({
    op: 'SAGEConv',
    key,
    in_channels: inC,
    out_channels: outC,
    aggr: 'mean',
    normalize: false,
    root_weight: true,
    project: false,
    bias: true,
  });
  const spec: Json = {
    format: 'weft-model/1',
    name: 'synthetic_sage_mean2',
    graph: 'homogeneous',
    layers: [conv('conv1', F, H), { op: 'relu' }, conv('conv2', H, H)],
    output: ['out'],
  };
  const weights: Record<string, Tensor> = {};
  for (const [key, inC] of [
    ['conv1', F],
    ['conv2', H],
  ] as const) {
    const s = 1 / Math.sqrt(inC);
    weights[`${key}.lin_l.weight`] = f32([H, inC], r, s);
    weights[`${key}.lin_l.bias`] = f32([H], r, s);
    weights[`${key}.lin_r.weight`] = f32([H, inC], r, s);
  }
  return Model.fromSpec(spec, file(weights, 'synthetic.weights'), 'synthetic model.json');
}

/** N nodes, DEGREE·N edges with uniform random sources and targets (duplicates and self loops allowed, as in real graphs). */
function randomGraph(n: number) {
  const r = rng(n);
  const e = n * DEGREE;
  const index = new BigInt64Array(2 * e);
  for (let k = 0; k < 2 * e; k++) index[k] = BigInt(Math.floor(r() * n));
  return graphFromSafetensors(
    file({ x: f32([n, F], r, 1), edge_index: { dtype: 'I64', shape: [2, e], data: index } }, `synthetic-${n}.graph`),
  );
}

const model = sageModel();
const backends = await Promise.all(names.map(async (n) => [n, await openBackend(n)] as const));
const gpu = backends.find(([n]) => n === 'webgpu')?.[1] ?? (await openBackend('webgpu'));
const cpu = new CpuBackend();
console.log(`machine: ${machine()}`);
for (const [n, b] of backends) console.log(`${n}: ${b.description}`);
console.log(`model: ${model}`);

const rows: (string | number)[][] = [];
const results: Record<string, Record<string, number>> = {};
for (const n of sizes) {
  const batch = randomGraph(n);
  const edges = n * DEGREE;
  // Correctness first, once per size: the WebGPU output against the CPU backend's.
  const [want, got] = [
    (await model.run(batch, { backend: cpu })).get('out')!,
    (await model.run(batch, { backend: gpu })).get('out')!,
  ];
  const bad = compareMats(got, want, REL_TOL, ROW_TOL);
  if (bad)
    throw new Error(
      `synthetic ${n} nodes: WebGPU differs from the CPU backend: ${describeMismatch('out', bad, got, want)}`,
    );
  const big = edges > BIG_EDGES;
  const row: (string | number)[] = [String(n), String(edges)];
  const res: Record<string, number> = { edges };
  for (const [name, backend] of backends) {
    const t = await timeIt(
      `synthetic ${n}/${name}`,
      () => model.run(batch, { backend }),
      big ? 0 : timeMs,
      big ? 3 : 20,
      big ? 1 : 5,
    );
    res[`${name}_p50_ms`] = round(t.p50);
    res[`${name}_p99_ms`] = round(t.p99);
    res[`${name}_samples`] = t.samples;
    row.push(t.p50, t.p99);
    if (name === 'webgpu' && TFJS_WEBGPU_MS[n]) {
      res.tfjs_webgpu_p50_ms = TFJS_WEBGPU_MS[n];
      res.webgpu_speedup = round(TFJS_WEBGPU_MS[n] / t.p50);
    }
  }
  row.push(TFJS_WEBGPU_MS[n] ?? '', res.webgpu_speedup ? `${res.webgpu_speedup.toFixed(1)}x` : '');
  rows.push(row);
  results[String(n)] = res;
  process.stderr.write(`  ${n} nodes done\n`);
}
console.log(
  table(
    [
      'nodes',
      'edges',
      ...names.flatMap((n) => [`${n} p50 ms`, `${n} p99 ms`]),
      'TF.js WebGPU p50 ms',
      'WebGPU speed-up',
    ],
    rows,
  ),
);
console.log(
  JSON.stringify({
    machine: machine(),
    backends: Object.fromEntries(backends.map(([n, b]) => [n, b.description])),
    model: { layers: 2, op: 'SAGEConv', aggr: 'mean', in: F, hidden: H, out: H, degree: DEGREE },
    sizes: results,
  }),
);

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
