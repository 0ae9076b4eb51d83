/** What a pooled buffer is for; each kind has its own usage flags and free lists. */
export type BufferKind = 'storage' | 'uniform' | 'staging';

const MIN_BYTES = 16;

function usage(kind: BufferKind): number {
  if (kind === 'storage') return GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
  if (kind === 'uniform') return GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST;
  return GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST;
}

/** Power-of-two size classes: at most 2x waste, and a steady stream of batches of similar size hits the same classes. */
export function sizeClass(bytes: number): number {
  return Math.max(MIN_BYTES, 2 ** Math.ceil(Math.log2(Math.max(bytes, 1))));
}

/**
 * Recycles GPU buffers by (kind, size class). Lifetime rule, enforced in release(): a freed buffer
 * may still be read or written by work already submitted, so it returns to its free list only once
 * that submit is done; until then nothing can hand it out again.
 */
export class BufferPool {
  /** Buffers made by createBuffer; flat after warm-up (the pool test counts it). */
  created = 0;
  reused = 0;
  /** Bytes of every buffer created: the pool keeps them all (the metrics' GPU pool bytes). */
  createdBytes = 0;
  private readonly free = new Map<string, GPUBuffer[]>();

  constructor(private readonly device: GPUDevice) {}

  acquire(kind: BufferKind, bytes: number): GPUBuffer {
    const size = sizeClass(bytes);
    const b = this.free.get(`${kind}:${size}`)?.pop();
    if (b) {
      this.reused++;
      return b;
    }
    this.created++;
    this.createdBytes += size;
    return this.device.createBuffer({ label: `pool:${kind}:${size}`, size, usage: usage(kind) });
  }

  /** `done` settles when the last submit that used these buffers has finished; null when none is in flight. */
  release(kind: BufferKind, buffers: GPUBuffer[], done: Promise<unknown> | null): void {
    const put = () => {
      for (const b of buffers) {
        const key = `${kind}:${b.size}`;
        const list = this.free.get(key);
        if (list) list.push(b);
        else this.free.set(key, [b]);
      }
    };
    if (done) done.then(put, () => {});
    else put();
  }
}
