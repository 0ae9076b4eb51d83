// Shared by the GPU kernel tests: one device per GEMM variant for the whole run, seeded random inputs,
// the awkward graphs the issue names, and `onGpu`, which runs a kernel inside a validation error
// scope, reads its output and returns the session's buffers. No adapter fails the suite: never a skip.
import * as assert from 'uvu/assert';
import type { Tunables } from '../../src/gpu/device.ts';
import { createNodeWebGpuBackend } from '../../src/backend/gpu-backend.node.ts';
import type { WebGpuBackend } from '../../src/backend/gpu-backend.ts';
import type { GpuGraph } from '../../src/runtime/gpu-graph.ts';
import type { GpuTensor } from '../../src/runtime/gpu-run.ts';
import type { Session } from '../../src/runtime/ops.ts';
import { Rng } from '../../src/sample/rng.ts';
import { buildCsr, type Csr } from '../../src/tensor/csr.ts';
import { mat, type Mat } from '../../src/tensor/mat.ts';
import { memo } from '../../src/util/memo.ts';

/** The feature widths every kernel sees: 1, not a multiple of 4, past one and two 64-wide blocks. */
export const WIDTHS = [1, 3, 17, 64, 130];
/** Widths that take the vec4 paths with 1 and 2 vec4 per invocation (64 takes 4): spmm, gat-attend, gine. */
export const VEC4_WIDTHS = [4, 8];

/** Every set of tunables an adapter can be given, forced here so each variant is tested on this adapter. */
export const PROFILES: Readonly<Record<'cpu-like' | 'gpu-like', Tunables>> = {
  'cpu-like': { gemm: 'blocked', hubLanes: 16 },
  'gpu-like': { gemm: 'tiled', hubLanes: 64 },
};
export type Profile = keyof typeof PROFILES | 'default';

const backends = new Map<Profile, Promise<WebGpuBackend>>();

/** The adapter's own tunables ('default'), or a forced profile. */
export function gpu(profile: Profile = 'default'): Promise<WebGpuBackend> {
  return memo(backends, profile, () => createNodeWebGpuBackend(profile === 'default' ? {} : PROFILES[profile]));
}

export type GpuSession = Session<GpuTensor, GpuGraph>;

/** Run `make` in a fresh session under a validation error scope; returns the output read back as a Mat. */
export async function onGpu(make: (s: GpuSession) => GpuTensor, profile: Profile = 'default'): Promise<Mat> {
  const backend = await gpu(profile);
  const { device } = backend.gpu;
  const s = backend.session() as unknown as GpuSession;
  device.pushErrorScope('validation');
  try {
    return await s.read(make(s));
  } finally {
    s.end();
    const err = await device.popErrorScope();
    assert.is(err?.message ?? null, null, 'WebGPU validation error');
  }
}

/** Seeded uniform [0, 1) draws (the sampler's mulberry32), good enough for test inputs. */
export function rng(seed: number): () => number {
  const r = new Rng(seed);
  return () => r.next();
}

/** Uniform in [-1, 1). */
export function randomMat(rows: number, cols: number, r: () => number): Mat {
  const d = new Float32Array(rows * cols);
  for (let i = 0; i < d.length; i++) d[i] = r() * 2 - 1;
  return mat(rows, cols, d);
}

export interface GraphCase {
  readonly name: string;
  readonly csr: Csr;
  /** The hub row runs under every profile (the hub's lane count is a tunable); the rest under the adapter's own. */
  readonly profiles: readonly Profile[];
}

/** No edges, a single node with a self loop, a random graph with duplicates, and one row of 5,000 in-edges (a hub). */
export function graphCases(seed = 7): GraphCase[] {
  const r = rng(seed);
  const random = (n: number, e: number, hubEdges = 0): Csr => {
    const src = new Int32Array(e + hubEdges),
      dst = new Int32Array(e + hubEdges);
    for (let k = 0; k < e; k++) {
      src[k] = Math.floor(r() * n);
      dst[k] = Math.floor(r() * n);
    }
    for (let k = e; k < e + hubEdges; k++) {
      src[k] = Math.floor(r() * n);
      dst[k] = 1;
    }
    return buildCsr(src, dst, n, n);
  };
  return [
    { name: 'no edges', csr: buildCsr(new Int32Array(0), new Int32Array(0), 5, 5), profiles: ['default'] },
    { name: '1 node', csr: buildCsr(Int32Array.of(0), Int32Array.of(0), 1, 1), profiles: ['default'] },
    { name: 'random 60 nodes', csr: random(60, 240), profiles: ['default'] },
    { name: 'hub row of 5000', csr: random(40, 100, 5000), profiles: ['cpu-like', 'gpu-like'] },
  ];
}
