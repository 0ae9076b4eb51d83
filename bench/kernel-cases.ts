// The kernels suite's cases: every WGSL kernel on one seeded graph of N nodes and D·N edges (plus a
// 3,000-edge hub at node 0, as in real graphs) with F features. `work` is what each must do at
// least: FLOPs for the GEMM, else the bytes it must read and write once (indices included).
import type { GpuGraph } from '../src/runtime/gpu-graph.ts';
import type { GpuTensor } from '../src/runtime/gpu-run.ts';
import type { Session } from '../src/runtime/ops.ts';
import { buildCsr, withSelfLoops, type Csr } from '../src/tensor/csr.ts';
import { mat, type Mat } from '../src/tensor/mat.ts';

export type S = Session<GpuTensor, GpuGraph>;

export interface KernelCase {
  readonly name: string;
  readonly unit: 'GFLOP/s' | 'GB/s';
  readonly work: number;
  /** Uploads the case's inputs into `s` and returns its launch, so the timed part holds no uploads. */
  readonly prepare: (s: S, g: GpuGraph, loops: GpuGraph) => () => GpuTensor;
}

export interface KernelGraph {
  /** Edge ends in COO, as the CSR was built from them. */
  readonly src: Int32Array;
  readonly dst: Int32Array;
  readonly csr: Csr;
  /** With self loops, as GAT and GCN see it. */
  readonly loops: Csr;
  readonly cases: KernelCase[];
}

const HUB = 3000;
const H = 4;

export function kernelCases(N: number, D: number, F: number): KernelGraph {
  let seed = 1;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return (seed / 2 ** 32) * 2 - 1;
  };
  const randMat = (r: number, c: number): Mat => mat(r, c, Float32Array.from({ length: r * c }, rand));
  const src = new Int32Array(N * D + HUB),
    dst = new Int32Array(N * D + HUB);
  for (let k = 0; k < src.length; k++) {
    src[k] = Math.floor(Math.abs(rand()) * N);
    dst[k] = k < N * D ? Math.floor(k / D) : 0;
  }
  const csr = buildCsr(src, dst, N, N);
  const loops = withSelfLoops(csr, 'replace');
  const E = csr.col.length,
    L = loops.col.length;
  const [x, y, xh, e] = [randMat(N, F), randMat(N, F), randMat(N, F), randMat(E, F)];
  const [w, bias, vec, att, aS, aD] = [
    randMat(F, F),
    randMat(F, 1),
    randMat(F, 1),
    randMat(1, F),
    randMat(N, H),
    randMat(N, H),
  ];
  const idx = Int32Array.from({ length: N / 2 }, (_, i) => i * 2);
  const relu = { kind: 'relu', param: 0 } as const;
  const f4 = (n: number) => n * 4;
  const bw = (name: string, bytes: number, prepare: KernelCase['prepare']): KernelCase => ({
    name,
    unit: 'GB/s',
    work: bytes,
    prepare,
  });
  const spmm = (aggr: 'sum' | 'mean' | 'max') =>
    bw(`spmm ${aggr} F=${F}`, f4(E * F + N * F) + f4(2 * E + N), (s, g) => {
      const a = { g, x: s.input(x), aggr };
      return () => s.spmm(a);
    });
  return {
    src,
    dst,
    csr,
    loops,
    cases: [
      {
        name: `gemm [${N},${F}]x[${F},${F}]ᵀ +bias relu`,
        unit: 'GFLOP/s',
        work: 2 * N * F * F,
        prepare: (s) => {
          const a = { x: s.input(x), w: s.param(w), bias: s.param(bias), act: relu };
          return () => s.gemm(a);
        },
      },
      spmm('sum'),
      spmm('mean'),
      spmm('max'),
      bw('gcn-norm', f4(4 * L + 2 * N), (s, _g, gl) => () => s.gcnNorm({ g: gl, fill: 1 })),
      bw(`gat-attend H=${H} C=${F / H}`, f4(L * F + N * F + 2 * L * H + 2 * N * H) + f4(2 * L), (s, _g, gl) => {
        const a = { g: gl, x: s.input(xh), aSrc: s.input(aS), aDst: s.input(aD), heads: H, slope: 0.2 };
        return () => s.gatAttend(a);
      }),
      bw(`gatv2-attend H=${H} C=${F / H}`, f4(2 * L * F + 2 * N * F + 2 * L * H) + f4(2 * L), (s, _g, gl) => {
        const a = { g: gl, xl: s.input(xh), xr: s.input(xh), att: s.param(att), heads: H, slope: 0.2 };
        return () => s.gatv2Attend(a);
      }),
      bw(`gine-aggregate F=${F}`, f4(2 * E * F + N * F) + f4(3 * E), (s, g) => {
        const a = { g, x: s.input(x), e: s.input(e) };
        return () => s.gineAggregate(a);
      }),
      bw('activation gelu', f4(2 * N * F), (s) => {
        const a = { x: s.input(x), act: { kind: 'gelu', param: 0 } as const };
        return () => s.activation(a);
      }),
      bw('bias-act relu', f4(2 * N * F), (s) => {
        const a = { x: s.input(x), bias: s.param(bias), act: relu };
        return () => s.biasAct(a);
      }),
      bw('binary axpby', f4(3 * N * F), (s) => {
        const a = { x: s.input(x), y: s.input(y), op: 'axpby' as const, a: 2, b: 1 };
        return () => s.binary(a);
      }),
      bw('batch-norm', f4(2 * N * F), (s) => {
        const a = { x: s.input(x), mean: s.param(vec), variance: s.param(bias), eps: 1e-5 };
        return () => s.batchNorm(a);
      }),
      bw('layer-norm', f4(2 * N * F), (s) => {
        const a = { x: s.input(x), eps: 1e-5 };
        return () => s.layerNorm(a);
      }),
      bw('l2-normalize', f4(2 * N * F), (s) => {
        const a = { x: s.input(x), eps: 1e-12 };
        return () => s.l2Normalize(a);
      }),
      bw(`head-mean H=${H}`, f4(N * F + (N * F) / H), (s) => {
        const a = { x: s.input(xh), heads: H };
        return () => s.headMean(a);
      }),
      bw('concat-rows (two buffer copies, no shader)', f4(4 * N * F), (s) => {
        const a = { a: s.input(x), b: s.input(y) };
        return () => s.concatRows(a);
      }),
      bw('gather-rows', f4(N * F) + f4(N / 2), (s) => {
        const a = { x: s.input(x), idx };
        return () => s.gatherRows(a);
      }),
    ],
  };
}
