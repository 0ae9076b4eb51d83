import { GpuDevice, type DeviceOptions } from '../gpu/device.ts';
import type { Csr } from '../tensor/csr.ts';
import { mat, type Mat } from '../tensor/mat.ts';
import { gpuGraph, type GpuGraph } from '../runtime/gpu-graph.ts';
import { GpuRun, type GpuTensor } from '../runtime/gpu-run.ts';
import { GPU_KERNELS } from '../kernels/index.ts';
import type { Backend, Session } from '../runtime/ops.ts';
import { memo } from '../util/memo.ts';

/**
 * The WebGPU backend: every op is a WGSL kernel, nothing falls back to the CPU. Weights stay resident
 * (one buffer per Mat object, for the life of the backend); features, edge values and graphs are
 * uploaded per session into pooled buffers; each output is read back once.
 */
export class WebGpuBackend implements Backend {
  readonly name = 'webgpu';
  private readonly params = new WeakMap<Mat, GPUBuffer>();
  /** Per owner (a Model), the weights its sessions made resident: release(owner) frees them. */
  private readonly owned = new Map<object, Mat[]>();
  private paramBytes = 0;

  constructor(readonly gpu: GpuDevice) {}

  get description(): string {
    return this.gpu.description;
  }

  get software(): boolean {
    return this.gpu.software;
  }

  session(owner?: object): Session {
    const run = new GpuRun(this.gpu);
    const graphs = new WeakMap<Csr, GpuGraph>();
    const session: Session<GpuTensor, GpuGraph> = {
      ...GPU_KERNELS,
      backend: 'webgpu',
      input: (m) => ({ rows: m.rows, cols: m.cols, run, from: 'input', buffer: run.upload(m.data) }),
      param: (m) => ({ rows: m.rows, cols: m.cols, run, from: 'param', buffer: this.resident(m, owner) }),
      graph: (c) => memo(graphs, c, () => gpuGraph(run, c)),
      read: async (t) => mat(t.rows, t.cols, await run.read(t)),
      end: () => run.release(),
    };
    return session as unknown as Session;
  }

  /** Counters for the pool test, summaries and metrics: buffers and pipelines ever created, the pool's bytes. */
  stats(): { buffers: number; pipelines: number; poolBytes: number; paramBytes: number } {
    return {
      buffers: this.gpu.pool.created,
      pipelines: this.gpu.pipelines.created,
      poolBytes: this.gpu.pool.createdBytes,
      paramBytes: this.paramBytes,
    };
  }

  release(owner: object): number {
    let freed = 0;
    for (const m of this.owned.get(owner) ?? []) {
      const b = this.params.get(m);
      if (!b) continue;
      freed += b.size;
      b.destroy();
      this.params.delete(m);
    }
    this.owned.delete(owner);
    this.paramBytes -= freed;
    return freed;
  }

  destroy(): void {
    this.gpu.destroy();
  }

  /** Sized in whole vec4s like pool buffers, so vec4 kernels may read a tail vec4. */
  private resident(m: Mat, owner: object | undefined): GPUBuffer {
    let b = this.params.get(m);
    if (!b) {
      const { device } = this.gpu;
      b = device.createBuffer({
        label: 'param',
        size: Math.max(16, Math.ceil(m.data.byteLength / 16) * 16),
        usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC,
      });
      device.queue.writeBuffer(b, 0, m.data.buffer, m.data.byteOffset, m.data.byteLength);
      this.params.set(m, b);
      this.paramBytes += b.size;
      if (owner) {
        const list = this.owned.get(owner) ?? [];
        this.owned.set(owner, list);
        list.push(m);
      }
    }
    return b;
  }
}

/** A WebGPU backend on `gpu` (the browser's navigator.gpu by default; Node passes nodeGpu() and pollsMaps, see gpu-backend.node.ts). */
export async function createWebGpuBackend(
  gpu: GPU | undefined = globalThis.navigator?.gpu,
  opts: DeviceOptions = {},
  pollsMaps = false,
): Promise<WebGpuBackend> {
  return new WebGpuBackend(await GpuDevice.acquire(gpu, opts, pollsMaps));
}
