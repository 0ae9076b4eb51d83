// The bandwidth ceiling: copy.wgsl (a plain copy, consecutive invocations on consecutive vec4s)
// with its workgroup size and vec4s per invocation swept, raw WebGPU outside the kernels' runs.
import { readFileSync } from 'node:fs';
import type { GpuDevice } from '../src/gpu/device.ts';
import { grid } from '../src/gpu/grid.ts';
import { best, type Budget, type Ceiling, type Variant } from './ceiling.ts';
import { type Launcher, timeLaunches } from './launch-timing.ts';

const COPY = readFileSync(new URL('./copy.wgsl', import.meta.url), 'utf8');
const COPY_VARIANTS = [
  { WG: 64, VPT: 1 },
  { WG: 64, VPT: 4 },
  { WG: 256, VPT: 1 },
  { WG: 256, VPT: 4 },
];

/**
 * Copies `floats` f32 values (read once, written once) with each variant; the best is the ceiling.
 * `pass` names the variants of one of several passes (the kernels suite times one before and one after).
 */
export async function copyCeiling(dev: GpuDevice, floats: number, b: Budget, pass = ''): Promise<Ceiling> {
  const n4 = Math.ceil(floats / 4);
  const bytes = 2 * n4 * 16;
  const module = dev.device.createShaderModule({ label: 'bench-copy', code: COPY });
  const variants: Variant[] = [];
  for (const v of COPY_VARIANTS) {
    const pipeline = dev.device.createComputePipeline({
      label: 'bench-copy',
      layout: 'auto',
      compute: { module, entryPoint: 'main', constants: v },
    });
    const t = await timeLaunches(() => copyLauncher(dev, pipeline, v.WG * v.VPT, n4), b.trials, b.budgetMs);
    const name = `copy wg ${v.WG}, ${v.VPT} vec4/invocation${pass ? `, ${pass}` : ''}`;
    variants.push({ name, rate: bytes / (t.ms * 1e6), ms: t.ms });
  }
  return best('GB/s', variants);
}

function copyLauncher(dev: GpuDevice, pipeline: GPUComputePipeline, perGroup: number, n4: number): Launcher {
  const { device } = dev;
  const storage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
  const x = device.createBuffer({ label: 'bench-copy x', size: n4 * 16, usage: storage });
  const out = device.createBuffer({ label: 'bench-copy out', size: n4 * 16, usage: storage });
  const params = device.createBuffer({ size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  device.queue.writeBuffer(params, 0, Uint32Array.of(n4, 0, 0, 0));
  const staging = device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const group = device.createBindGroup({
    label: 'bench-copy',
    layout: pipeline.getBindGroupLayout(0),
    entries: [params, x, out].map((buffer, binding) => ({ binding, resource: { buffer } })),
  });
  const [gx, gy] = grid(Math.ceil(n4 / perGroup), dev.maxGroups, 'bench-copy');
  let enc: GPUCommandEncoder | null = null;
  let pass: GPUComputePassEncoder | null = null;
  let launched = 0;
  return {
    launch() {
      enc ??= device.createCommandEncoder({ label: 'bench-copy' });
      pass ??= enc.beginComputePass();
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, group);
      pass.dispatchWorkgroups(gx, gy);
      launched++;
    },
    // As GpuRun.read waits: mapAsync only after the device's MapWait delay for this submit's shape,
    // so dawn.node's polling does not take a core from SwiftShader's threads for the whole run.
    async finish() {
      pass?.end();
      enc!.copyBufferToBuffer(out, 0, staging, 0, 16);
      device.queue.submit([enc!.finish()]);
      const key = `bench-copy x${launched}`;
      const at = performance.now();
      [enc, pass, launched] = [null, null, 0];
      const wait = dev.mapWait.delay(key);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      await staging.mapAsync(GPUMapMode.READ);
      dev.mapWait.observe(key, performance.now() - at);
      staging.unmap();
    },
    close() {
      for (const b of [x, out, params, staging]) b.destroy();
    },
  };
}
