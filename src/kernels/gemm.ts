import { ACT_CODE } from '../runtime/act.ts';
import { expectShape, groupsFor, WG } from '../runtime/gpu-check.ts';
import type { GpuTensor } from '../runtime/gpu-run.ts';
import type { GemmArgs } from '../runtime/ops.ts';

const STEM = 'gemm';
/** Outputs per invocation of the register-blocked variants: 8 x 4 (`blocked`), 16 x 8 (`blocked4`, K % 4 == 0). */
const BLOCK_ROWS = 8,
  BLOCK_COLS = 4,
  BLOCK4_ROWS = 16,
  BLOCK4_COLS = 8;
/** `blocked4` lanes: 16 beat 32 and 64 (fewer lanes per workgroup task, same total work) on 2 × AMD EPYC, 2 cores, SwiftShader, 25 Nov 2026. */
const BLOCK4_WG = 16;
/** Side of the tiled variant's workgroup: 256 invocations, the WebGPU default maximum. */
const TILE = 16;

/** act(x · wᵀ + bias + add) on the GPU; the variant (register-blocked or workgroup-tiled) is the device's. */
export function gemm({ x, w, bias, add, act }: GemmArgs<GpuTensor>): GpuTensor {
  const M = x.rows,
    K = x.cols,
    N = w.rows;
  if (w.cols !== K) throw new Error(`${STEM}: x is [${M},${K}] but w is [${N},${w.cols}], expected [${N},${K}]`);
  if (bias && bias.rows * bias.cols !== N)
    throw new Error(`${STEM}: 'bias' has ${bias.rows * bias.cols} values, expected ${N} (one per output column)`);
  if (add) expectShape(STEM, 'add', add, M, N, 'added to the product before the activation');
  const run = x.run;
  const out = run.tensor(M, N, STEM);
  const u = [M, N, K];
  const flags = { ACT: ACT_CODE[act.kind], HAS_BIAS: bias ? 1 : 0, HAS_ADD: add ? 1 : 0 };
  const bind = { 1: x.buffer, 2: w.buffer, 3: bias?.buffer ?? run.dummy, 4: add?.buffer ?? run.dummy, 5: out.buffer };
  const base = { stem: STEM, lib: ['act'], u, f: [act.param], bind };
  if (run.dev.tune.gemm === 'blocked' && K % 4 === 0) {
    const blocks = Math.ceil(M / BLOCK4_ROWS) * Math.ceil(N / BLOCK4_COLS);
    const bind4 = { 3: bind[3], 4: bind[4], 5: bind[5], 6: x.buffer, 7: w.buffer };
    run.dispatch({
      ...base,
      entry: 'blocked4',
      bind: bind4,
      constants: { WG: BLOCK4_WG, ...flags },
      groups: Math.ceil(blocks / BLOCK4_WG),
    });
  } else if (run.dev.tune.gemm === 'blocked') {
    run.dispatch({
      ...base,
      entry: 'blocked',
      constants: { WG, ...flags },
      groups: groupsFor(Math.ceil(M / BLOCK_ROWS) * Math.ceil(N / BLOCK_COLS)),
    });
  } else {
    run.dispatch({
      ...base,
      entry: 'tiled',
      constants: { TS: TILE, ...flags },
      groups: Math.ceil(M / TILE) * Math.ceil(N / TILE),
    });
  }
  return out;
}
