// Per kernel on the current WebGPU adapter: achieved GFLOP/s (GEMM) or GB/s (everything else, the
// bytes each kernel must touch at least), plus host CSR pack vs upload. Table, then one JSON line.
// npm run bench -- kernels [--nodes N] [--degree D] [--width F] [--reps R]
import { parseArgs } from '../src/cli/args.ts';
import { createNodeWebGpuBackend } from '../src/backend/gpu-backend.node.ts';
import type { GpuGraph } from '../src/runtime/gpu-graph.ts';
import type { GpuTensor } from '../src/runtime/gpu-run.ts';
import type { Session } from '../src/runtime/ops.ts';
import { buildCsr, withSelfLoops, type Csr } from '../src/tensor/csr.ts';
import { mat, type Mat } from '../src/tensor/mat.ts';
import { machine, table } from './util.ts';

const args = parseArgs(process.argv.slice(2), ['nodes', 'degree', 'width', 'reps']);
const N = Number(args.values.get('nodes') ?? 10000);
const D = Number(args.values.get('degree') ?? 10);
const F = Number(args.values.get('width') ?? 64);
const REPS = Number(args.values.get('reps') ?? 10);
const H = 4;

type S = Session<GpuTensor, GpuGraph>;
let seed = 1;
const rand = () => {
  seed = (seed * 1103515245 + 12345) >>> 0;
  return (seed / 2 ** 32) * 2 - 1;
};
const randMat = (r: number, c: number): Mat => mat(r, c, Float32Array.from({ length: r * c }, rand));

// Power-law-ish: every node draws D sources; node 0 also receives a hub's worth of edges.
const src: number[] = [],
  dst: number[] = [];
for (let i = 0; i < N; i++)
  for (let d = 0; d < D; d++) {
    src.push(Math.floor(Math.abs(rand()) * N));
    dst.push(i);
  }
for (let k = 0; k < 3000; k++) {
  src.push(Math.floor(Math.abs(rand()) * N));
  dst.push(0);
}
const csr: Csr = buildCsr(Int32Array.from(src), Int32Array.from(dst), N, N);
const loops = withSelfLoops(csr, 'replace');
const E = csr.col.length,
  L = loops.col.length;

const x = randMat(N, F),
  w = randMat(F, F),
  bias = randMat(F, 1),
  y = randMat(N, F);
const aS = randMat(N, H),
  aD = randMat(N, H),
  xh = randMat(N, H * (F / H)),
  att = randMat(1, F),
  e = randMat(E, F);
const vec = randMat(F, 1),
  idx = Int32Array.from({ length: N / 2 }, (_, i) => i * 2);
const relu = { kind: 'relu', param: 0 } as const;
const f4 = (n: number) => n * 4;

/** `run` uploads its inputs and returns the launch, so the timed part holds no uploads. */
interface Case {
  name: string;
  unit: 'GFLOP/s' | 'GB/s';
  work: number;
  run: (s: S, g: GpuGraph, gl: GpuGraph) => () => GpuTensor;
}
const CASES: Case[] = [
  {
    name: `gemm [${N},${F}]x[${F},${F}]ᵀ +bias relu`,
    unit: 'GFLOP/s',
    work: 2 * N * F * F,
    run: (s) => {
      const a = { x: s.input(x), w: s.param(w), bias: s.param(bias), act: relu };
      return () => s.gemm(a);
    },
  },
  {
    name: `spmm sum F=${F}`,
    unit: 'GB/s',
    work: f4(E * F + N * F) + f4(2 * E + N),
    run: (s, g) => {
      const a = { g, x: s.input(x), aggr: 'sum' as const };
      return () => s.spmm(a);
    },
  },
  {
    name: `spmm mean F=${F}`,
    unit: 'GB/s',
    work: f4(E * F + N * F) + f4(2 * E + N),
    run: (s, g) => {
      const a = { g, x: s.input(x), aggr: 'mean' as const };
      return () => s.spmm(a);
    },
  },
  {
    name: `spmm max F=${F}`,
    unit: 'GB/s',
    work: f4(E * F + N * F) + f4(2 * E + N),
    run: (s, g) => {
      const a = { g, x: s.input(x), aggr: 'max' as const };
      return () => s.spmm(a);
    },
  },
  {
    name: 'gcn-norm',
    unit: 'GB/s',
    work: f4(4 * L + 2 * N),
    run: (s, _g, gl) => {
      const a = { g: gl, fill: 1 };
      return () => s.gcnNorm(a);
    },
  },
  {
    name: `gat-attend H=${H} C=${F / H}`,
    unit: 'GB/s',
    work: f4(L * F + N * F + 2 * L * H + 2 * N * H) + f4(2 * L),
    run: (s, _g, gl) => {
      const a = { g: gl, x: s.input(xh), aSrc: s.input(aS), aDst: s.input(aD), heads: H, slope: 0.2 };
      return () => s.gatAttend(a);
    },
  },
  {
    name: `gatv2-attend H=${H} C=${F / H}`,
    unit: 'GB/s',
    work: f4(2 * L * F + 2 * N * F + 2 * L * H) + f4(2 * L),
    run: (s, _g, gl) => {
      const a = { g: gl, xl: s.input(xh), xr: s.input(xh), att: s.param(att), heads: H, slope: 0.2 };
      return () => s.gatv2Attend(a);
    },
  },
  {
    name: `gine-aggregate F=${F}`,
    unit: 'GB/s',
    work: f4(2 * E * F + N * F) + f4(3 * E),
    run: (s, g) => {
      const a = { g, x: s.input(x), e: s.input(e) };
      return () => s.gineAggregate(a);
    },
  },
  {
    name: 'activation gelu',
    unit: 'GB/s',
    work: f4(2 * N * F),
    run: (s) => {
      const a = { x: s.input(x), act: { kind: 'gelu', param: 0 } as const };
      return () => s.activation(a);
    },
  },
  {
    name: 'bias-act relu',
    unit: 'GB/s',
    work: f4(2 * N * F),
    run: (s) => {
      const a = { x: s.input(x), bias: s.param(bias), act: relu };
      return () => s.biasAct(a);
    },
  },
  {
    name: 'binary axpby',
    unit: 'GB/s',
    work: f4(3 * N * F),
    run: (s) => {
      const a = { x: s.input(x), y: s.input(y), op: 'axpby' as const, a: 2, b: 1 };
      return () => s.binary(a);
    },
  },
  {
    name: 'batch-norm',
    unit: 'GB/s',
    work: f4(2 * N * F),
    run: (s) => {
      const a = { x: s.input(x), mean: s.param(vec), variance: s.param(bias), eps: 1e-5 };
      return () => s.batchNorm(a);
    },
  },
  {
    name: 'layer-norm',
    unit: 'GB/s',
    work: f4(2 * N * F),
    run: (s) => {
      const a = { x: s.input(x), eps: 1e-5 };
      return () => s.layerNorm(a);
    },
  },
  {
    name: 'l2-normalize',
    unit: 'GB/s',
    work: f4(2 * N * F),
    run: (s) => {
      const a = { x: s.input(x), eps: 1e-12 };
      return () => s.l2Normalize(a);
    },
  },
  {
    name: `head-mean H=${H}`,
    unit: 'GB/s',
    work: f4(N * F + (N * F) / H),
    run: (s) => {
      const a = { x: s.input(xh), heads: H };
      return () => s.headMean(a);
    },
  },
  {
    name: 'concat-rows',
    unit: 'GB/s',
    work: f4(4 * N * F),
    run: (s) => {
      const a = { a: s.input(x), b: s.input(y) };
      return () => s.concatRows(a);
    },
  },
  {
    name: 'gather-rows',
    unit: 'GB/s',
    work: f4(N * F) + f4(N / 2),
    run: (s) => {
      const a = { x: s.input(x), idx };
      return () => s.gatherRows(a);
    },
  },
];

const backend = await createNodeWebGpuBackend();
const rows: (string | number)[][] = [];
const results: Record<string, { ms: number; rate: number; unit: string }> = {};
for (const c of CASES) {
  // Inputs are uploaded once per session; the timed part is REPS launches, one submit and a 1-row read.
  const once = async (reps: number) => {
    const s = backend.session() as unknown as S;
    const g = s.graph(csr),
      gl = s.graph(loops);
    const launch = c.run(s, g, gl);
    let out = launch();
    await s.read(s.gatherRows({ x: out, idx: Int32Array.of(0) }));
    const t0 = performance.now();
    for (let r = 0; r < reps; r++) out = launch();
    await s.read(s.gatherRows({ x: out, idx: Int32Array.of(0) }));
    const ms = performance.now() - t0;
    s.end();
    return ms;
  };
  await once(1);
  const ms = ((await once(REPS)) - (await once(1))) / (REPS - 1);
  const rate = c.work / (ms * 1e6);
  results[c.name] = { ms: round(ms), rate: round(rate), unit: c.unit };
  rows.push([c.name, ms, rate, c.unit]);
}

// Host pack + upload of the CSR vs building it: the reason it is built on the host.
const tb = performance.now();
for (let r = 0; r < REPS; r++) buildCsr(Int32Array.from(src), Int32Array.from(dst), N, N);
const buildMs = (performance.now() - tb) / REPS;
const s = backend.session() as unknown as S;
const tu = performance.now();
await s.read(s.gatherRows({ x: s.input(mat(1, 1, Float32Array.of(s.graph(csr).nnz))), idx: Int32Array.of(0) }));
const uploadMs = performance.now() - tu;
s.end();
rows.push([`csr build on host (E=${E})`, buildMs, '', ''], [`csr pack + upload + round trip`, uploadMs, '', '']);

console.log(
  `machine: ${machine()}\nadapter: ${backend.description}\ngraph: ${N} nodes, ${E} edges (+${N} loops for GAT/GCN), F=${F}, tunables ${JSON.stringify(backend.gpu.tune)}`,
);
console.log(table(['kernel', 'ms', 'rate', 'unit'], rows));
console.log(
  JSON.stringify({
    machine: machine(),
    adapter: backend.description,
    tunables: backend.gpu.tune,
    nodes: N,
    edges: E,
    width: F,
    kernels: results,
    csr: { build_ms: round(buildMs), upload_ms: round(uploadMs) },
  }),
);
backend.destroy();

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
