// The compute ceiling: shaders/gemm.wgsl's three entries (blocked4, blocked, tiled) with their tile
// overrides swept, dispatched through a GpuRun as the GEMM kernel dispatches them.
import type { GpuDevice } from '../src/gpu/device.ts';
import { ACT_CODE } from '../src/runtime/act.ts';
import { GpuRun, type GpuTensor } from '../src/runtime/gpu-run.ts';
import { best, type Budget, type Ceiling, type Variant } from './ceiling.ts';
import { type Launcher, timeLaunches } from './launch-timing.ts';

interface Tile {
  readonly entry: 'blocked4' | 'blocked' | 'tiled';
  /** Workgroup lanes (blocked entries) or tile side (tiled). */
  readonly size: number;
}
const TILES: Tile[] = [
  { entry: 'blocked4', size: 8 },
  { entry: 'blocked4', size: 16 },
  { entry: 'blocked4', size: 64 },
  { entry: 'blocked', size: 16 },
  { entry: 'blocked', size: 64 },
  { entry: 'tiled', size: 8 },
  { entry: 'tiled', size: 16 },
];
/** A variant whose probe shows it this many times slower than the best so far is not timed further. */
const HOPELESS = 8;

/** Every tile at [m, k]·[n, k]ᵀ + bias, relu (the kernels' GEMM) for each shape; the best is the ceiling. */
export async function gemmCeiling(dev: GpuDevice, shapes: [number, number, number][], b: Budget): Promise<Ceiling> {
  const variants: Variant[] = [];
  let top = 0;
  for (const [m, k, n] of shapes) {
    const flops = 2 * m * n * k;
    const data = (len: number) => Float32Array.from({ length: len }, (_, i) => ((i * 7919) % 1000) / 1000 - 0.5);
    const [x, w, bias] = [data(m * k), data(n * k), data(n)];
    for (const tile of TILES) {
      const name = `gemm ${tile.entry} ${tile.entry === 'tiled' ? `${tile.size}x${tile.size}` : `${tile.size} lanes`} [${m},${k}]x[${k},${n}]`;
      const open = () => gemmLauncher(dev, tile, m, k, n, x, w, bias);
      // Two launches first (the pipeline's compile, then one warm): a tiled GEMM on SwiftShader
      // runs at a thirtieth of the blocked one, and timing it in full would take minutes.
      const probe = open();
      let probeMs = 0;
      try {
        for (let i = 0; i < 2; i++) {
          const t0 = performance.now();
          probe.launch();
          await probe.finish();
          probeMs = performance.now() - t0;
        }
      } finally {
        probe.close();
      }
      if ((flops / (probeMs * 1e6)) * HOPELESS < top) {
        variants.push({ name, rate: flops / (probeMs * 1e6), ms: probeMs, probed: true });
        continue;
      }
      const t = await timeLaunches(open, b.trials, b.budgetMs);
      const rate = flops / (t.ms * 1e6);
      top = Math.max(top, rate);
      variants.push({ name, rate, ms: t.ms });
    }
  }
  return best('GFLOP/s', variants);
}

function gemmLauncher(
  dev: GpuDevice,
  tile: Tile,
  m: number,
  k: number,
  n: number,
  xs: Float32Array,
  ws: Float32Array,
  bs: Float32Array,
): Launcher {
  const run = new GpuRun(dev);
  const [x, w, bias] = [run.upload(xs), run.upload(ws), run.upload(bs)];
  const flags = { ACT: ACT_CODE.relu, HAS_BIAS: 1, HAS_ADD: 0 };
  let out: GpuTensor | undefined;
  return {
    launch() {
      out = run.tensor(m, n, 'gemm');
      // shaders/gemm.wgsl's bindings: blocked4 reads x and w as vec4 rows at 6 and 7.
      const bind: Record<number, GPUBuffer> =
        tile.entry === 'blocked4'
          ? { 3: bias, 4: run.dummy, 5: out.buffer, 6: x, 7: w }
          : { 1: x, 2: w, 3: bias, 4: run.dummy, 5: out.buffer };
      const [rows, cols] =
        tile.entry === 'blocked4' ? [16, 8] : tile.entry === 'blocked' ? [8, 4] : [tile.size, tile.size];
      const blocks = Math.ceil(m / rows) * Math.ceil(n / cols);
      run.dispatch({
        stem: 'gemm',
        lib: ['act'],
        entry: tile.entry,
        constants: tile.entry === 'tiled' ? { TS: tile.size, ...flags } : { WG: tile.size, ...flags },
        u: [m, n, k],
        f: [0],
        bind,
        groups: tile.entry === 'tiled' ? blocks : Math.ceil(blocks / tile.size),
      });
    },
    async finish() {
      // One value read back: enough to wait for the launches, and the same cost in both terms.
      await run.read({ ...out!, rows: 1, cols: 1 });
    },
    close() {
      run.release();
    },
  };
}
