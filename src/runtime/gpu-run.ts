import type { GpuDevice } from '../gpu/device.ts';
import { grid } from '../gpu/grid.ts';
import { submitShape } from '../gpu/map-wait.ts';
import type { BufferKind } from '../gpu/pool.ts';
import { UniformSlots } from '../gpu/uniforms.ts';
import type { Shape2 } from './ops.ts';

/** The WebGPU backend's tensor: a row-major F32 [rows, cols] in a (possibly larger) buffer, and the run that owns it. */
export interface GpuTensor extends Shape2 {
  readonly buffer: GPUBuffer;
  readonly run: GpuRun;
  /** The kernel (or upload) that wrote it, named by errors when it is read. */
  readonly from: string;
}

export interface Dispatch {
  /** Kernel stem: its shader, labels and error messages. */
  readonly stem: string;
  /** Helpers from shaders/lib/ that the shader includes, prepended in this order; default none. */
  readonly lib?: readonly string[];
  readonly entry: string;
  readonly constants?: Readonly<Record<string, number>>;
  /** The uniform `Params` struct: u32 fields first, then f32 fields, in declaration order. */
  readonly u: readonly number[];
  readonly f?: readonly number[];
  /** Storage bindings of group 0 by binding number (0 is Params); exactly those the entry uses. */
  readonly bind: Readonly<Record<number, GPUBuffer>>;
  /** Workgroups to launch (folded into y past the per-dimension limit); 0 launches nothing. */
  readonly groups: number;
}

/**
 * One session's GPU work: buffers it took from the pool, one command encoder with one open compute
 * pass (dispatches in a pass are ordered, storage writes visible to later dispatches), submitted
 * when outputs are read. Every buffer goes back to the pool at release().
 */
export class GpuRun {
  private encoder: GPUCommandEncoder | null = null;
  private pass: GPUComputePassEncoder | null = null;
  private readonly owned: Record<BufferKind, GPUBuffer[]> = { storage: [], uniform: [], staging: [] };
  private readonly scopes: Promise<string | null>[] = [];
  /**
   * Whether a submit is not yet known to have completed (a read's map proves it). Only then does
   * release() ask for onSubmittedWorkDone: dawn.node polls with setImmediate while any such
   * request is pending, so asking at every submit kept a core spinning for the whole GPU run.
   */
  private unconfirmed = false;
  private flush: Promise<void> | null = null;
  private submits = 0;
  /** Kernels and workgroups dispatched since the last submit, and the last submit's shape and time: see MapWait. */
  private stems: string[] = [];
  private groups = 0;
  private submitted = { key: '', at: 0 };
  /** A 16-byte buffer bound where an optional input (bias, edge weights) is absent; shaders never read it. */
  readonly dummy: GPUBuffer;
  private readonly uniforms: UniformSlots;

  constructor(readonly dev: GpuDevice) {
    dev.checkAlive('a new session');
    this.dummy = this.take('storage', 16);
    this.uniforms = new UniformSlots(dev.device, (bytes) => this.take('uniform', bytes));
  }

  take(kind: BufferKind, bytes: number): GPUBuffer {
    const b = this.dev.pool.acquire(kind, bytes);
    this.owned[kind].push(b);
    return b;
  }

  /** An uninitialised output; every kernel writes each of its elements. */
  tensor(rows: number, cols: number, from: string): GpuTensor {
    return { rows, cols, from, run: this, buffer: this.take('storage', rows * cols * 4) };
  }

  upload(data: Float32Array | Uint32Array | Int32Array): GPUBuffer {
    const b = this.take('storage', data.byteLength);
    if (data.byteLength > 0) this.dev.device.queue.writeBuffer(b, 0, data.buffer, data.byteOffset, data.byteLength);
    return b;
  }

  dispatch(d: Dispatch): void {
    if (d.groups === 0) return;
    const { device, pipelines, maxGroups } = this.dev;
    const [gx, gy] = grid(d.groups, maxGroups, d.stem);
    const params = this.uniforms.slot(d.u, d.f ?? []);
    device.pushErrorScope('validation');
    const { pipeline, layout } = pipelines.get({
      stem: d.stem,
      lib: d.lib ?? [],
      entry: d.entry,
      constants: d.constants ?? {},
    });
    const entries: GPUBindGroupEntry[] = [{ binding: 0, resource: params }];
    for (const [k, buffer] of Object.entries(d.bind)) entries.push({ binding: Number(k), resource: { buffer } });
    const group = device.createBindGroup({ label: d.stem, layout, entries });
    const pass = this.computePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, group);
    pass.dispatchWorkgroups(gx, gy);
    this.stems.push(d.stem);
    this.groups += d.groups;
    this.scopes.push(device.popErrorScope().then((e) => e && `kernel '${d.stem}' (${d.entry}): ${e.message}`));
  }

  /** Copies end the compute pass; the next dispatch opens another in the same encoder. */
  copy(src: GPUBuffer, srcOffset: number, dst: GPUBuffer, dstOffset: number, bytes: number): void {
    if (bytes === 0) return;
    this.endPass().copyBufferToBuffer(src, srcOffset, dst, dstOffset, bytes);
  }

  /**
   * Copy t to a staging buffer and map it. Reads made in the same tick share one submit (a model
   * reads all its outputs at once); mapAsync is asked for after the device's MapWait delay (none in
   * a browser) and itself waits for the GPU, so no separate wait for the submit sits on the path.
   */
  read(t: GpuTensor): Promise<Float32Array> {
    const bytes = t.rows * t.cols * 4;
    if (bytes === 0) return this.problem().then((p) => (p ? fail(p) : new Float32Array(0)));
    const staging = this.take('staging', bytes);
    this.copy(t.buffer, 0, staging, 0, bytes);
    if (!this.flush) {
      this.flush = Promise.resolve().then(() => {
        this.flush = null;
        this.submit();
      });
    }
    let n = 0;
    return this.flush
      .then(async () => {
        n = this.submits;
        const { key, at } = this.submitted;
        const wait = this.dev.mapWait.delay(key);
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        await staging.mapAsync(GPUMapMode.READ, 0, bytes);
        this.dev.mapWait.observe(key, performance.now() - at);
      })
      .then(
        async () => {
          // Mapped means the submit that wrote it, and all before it, finished: release() need not wait.
          if (this.submits === n) this.unconfirmed = false;
          const out = new Float32Array(staging.getMappedRange(0, bytes).slice(0));
          staging.unmap();
          const p = await this.problem();
          return p ? fail(p) : out;
        },
        async (e: unknown) =>
          fail(`reading the output of kernel '${t.from}' failed: ${(await this.problem()) ?? String(e)}`),
      );
  }

  private submit(): void {
    const { device } = this.dev;
    this.uniforms.flush();
    device.pushErrorScope('validation');
    device.queue.submit([this.endPass().finish()]);
    this.scopes.push(device.popErrorScope().then((e) => e && `submit: ${e.message}`));
    this.encoder = null;
    ++this.submits;
    this.unconfirmed = true;
    this.submitted = { key: submitShape(this.stems, this.groups), at: performance.now() };
    this.stems = [];
    this.groups = 0;
  }

  /** The first validation error of this run (naming its kernel), else an uncaptured error or the device's loss; null when all is well. */
  async problem(): Promise<string | null> {
    const errs = (await Promise.all(this.scopes)).filter((e): e is string => e !== null);
    errs.push(...this.dev.errors.splice(0));
    if (this.dev.lostReason !== null) errs.push(`device lost (${this.dev.lostReason})`);
    return errs.length === 0 ? null : `${errs[0]}${errs.length > 1 ? ` (and ${errs.length - 1} more)` : ''}`;
  }

  /** Give every buffer back to the pool; those a submit may still use wait for it. */
  release(): void {
    const done = this.unconfirmed ? this.dev.device.queue.onSubmittedWorkDone() : null;
    this.unconfirmed = false;
    for (const kind of ['storage', 'uniform', 'staging'] as const)
      this.dev.pool.release(kind, this.owned[kind].splice(0), done);
    this.encoder = null;
    this.pass = null;
  }

  private computePass(): GPUComputePassEncoder {
    if (!this.pass) this.pass = this.enc().beginComputePass({ label: 'weft' });
    return this.pass;
  }

  private endPass(): GPUCommandEncoder {
    if (this.pass) {
      this.pass.end();
      this.pass = null;
    }
    return this.enc();
  }

  private enc(): GPUCommandEncoder {
    if (!this.encoder) this.encoder = this.dev.device.createCommandEncoder({ label: 'weft' });
    return this.encoder;
  }
}

function fail(problem: string): never {
  throw new Error(`webgpu: ${problem}`);
}
