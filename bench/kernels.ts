// `npm run bench -- kernels [--nodes N] [--degree D] [--width F] [--trials T] [--quick]`: each
// WGSL kernel's GFLOP/s (GEMM) or GB/s (the rest: the bytes each must touch at least) on the
// current adapter, next to the ceiling measured on it in the same run (ceiling.ts: the best copy
// for bandwidth, the best GEMM tile for compute) and as a fraction of it; plus the host's CSR build
// against its pack and upload. Every figure is per launch, by difference (launch-timing.ts), the
// median of T trials after a warm-up one. Table, then one JSON line.
import { createNodeWebGpuBackend } from '../src/backend/gpu-backend.node.ts';
import { parseArgs } from '../src/cli/args.ts';
import type { GpuTensor } from '../src/runtime/gpu-run.ts';
import { buildCsr } from '../src/tensor/csr.ts';
import { mat } from '../src/tensor/mat.ts';
import { best } from './ceiling.ts';
import { copyCeiling } from './ceiling-copy.ts';
import { gemmCeiling } from './ceiling-gemm.ts';
import { kernelCases, type KernelCase, type S } from './kernel-cases.ts';
import { type Launcher, type LaunchTiming, timeLaunches } from './launch-timing.ts';
import { Progress } from './progress.ts';
import { kernelsReport, type KernelRow, type KernelsResult } from './report-kernels.ts';
import { markdown } from './report.ts';
import { machine } from './util.ts';

const args = parseArgs(process.argv.slice(2), ['nodes', 'degree', 'width', 'trials'], ['quick']);
const QUICK = args.flags.has('quick');
const N = Number(args.values.get('nodes') ?? (QUICK ? 5000 : 100_000));
const D = Number(args.values.get('degree') ?? 10);
const F = Number(args.values.get('width') ?? 64);
const budget = { trials: Number(args.values.get('trials') ?? (QUICK ? 2 : 5)), budgetMs: QUICK ? 40 : 300 };
/** Rows of the GEMM tile sweep: enough to fill a large GPU, few enough that SwiftShader's slow tiles finish. */
const SWEEP_ROWS = Math.min(N, 16_384);

const backend = await createNodeWebGpuBackend();
const { src, dst, csr, loops, cases } = kernelCases(N, D, F);
const progress = new Progress('kernels', cases.length + 3, cases.length + 3);
console.log(`machine: ${machine()}\nadapter: ${backend.description}`);
console.log(
  `graph: ${N} nodes, ${csr.col.length} edges (+${N} loops for GAT/GCN), F=${F}, tunables ${JSON.stringify(backend.gpu.tune)}; ${budget.trials} trials a kernel`,
);

// The copy is timed before and after the kernels and the best pass kept: on a shared machine one
// pass alone can land in a slow minute and flatter every kernel against it.
progress.start(`bandwidth ceiling: copy of ${N}x${F} floats, before the kernels`);
const copyBefore = await copyCeiling(backend.gpu, N * F, budget, 'before the kernels');
progress.end();
progress.start('compute ceiling: GEMM tiles');
const compute = await gemmCeiling(
  backend.gpu,
  [
    [SWEEP_ROWS, F, F],
    // 4x the K and N: more arithmetic per byte; skipped by --quick, whose run only has to work.
    ...(QUICK ? [] : [[Math.ceil(SWEEP_ROWS / 4), 4 * F, 4 * F] as [number, number, number]]),
  ],
  budget,
);
progress.end();

/** A session per trial: the case's inputs and graphs uploaded, then launches, each trial's finish a one-row read. */
function sessionLauncher(c: KernelCase): Launcher {
  const s = backend.session() as unknown as S;
  const launch = c.prepare(s, s.graph(csr), s.graph(loops));
  let out: GpuTensor | undefined;
  return {
    launch: () => {
      out = launch();
    },
    finish: async () => {
      await s.read(s.gatherRows({ x: out!, idx: Int32Array.of(0) }));
    },
    close: () => s.end(),
  };
}

const timed: { c: KernelCase; t: LaunchTiming }[] = [];
for (const c of cases) {
  progress.start(c.name);
  timed.push({ c, t: await timeLaunches(() => sessionLauncher(c), budget.trials, budget.budgetMs) });
  progress.end();
}
progress.start('bandwidth ceiling again, after the kernels');
const copyAfter = await copyCeiling(backend.gpu, N * F, budget, 'after the kernels');
progress.end();
const bandwidth = best('GB/s', [...copyBefore.variants, ...copyAfter.variants]);
const kernels: KernelRow[] = timed.map(({ c, t }) => {
  const rate = c.work / (t.ms * 1e6);
  const ceiling = c.unit === 'GB/s' ? bandwidth.rate : Math.max(compute.rate, rate);
  return {
    name: c.name,
    unit: c.unit,
    ms: t.ms,
    rate,
    ceiling,
    fraction: rate / ceiling,
    reps: t.reps,
    trials: t.trials,
    launches: t.launches,
  };
});

// The CSR is built on the host, then packed and uploaded: how the two compare says whether building it on the GPU would pay.
const tb = performance.now();
for (let r = 0; r < 5; r++) buildCsr(src, dst, N, N);
const buildMs = (performance.now() - tb) / 5;
const s = backend.session() as unknown as S;
const tu = performance.now();
await s.read(s.gatherRows({ x: s.input(mat(1, 1, Float32Array.of(s.graph(csr).nnz))), idx: Int32Array.of(0) }));
const uploadMs = performance.now() - tu;
s.end();

const result: KernelsResult = {
  bench: 'kernels',
  machine: machine(),
  adapter: backend.description,
  tunables: { ...backend.gpu.tune },
  nodes: N,
  edges: csr.col.length,
  width: F,
  trials: budget.trials,
  ceilings: { bandwidth, compute },
  kernels,
  csr: { build_ms: buildMs, upload_ms: uploadMs },
};
console.log(markdown(kernelsReport.tables(result)));
console.log(JSON.stringify(result));
backend.destroy();
process.exit(0);
