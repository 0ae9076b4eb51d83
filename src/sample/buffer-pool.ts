/**
 * Batch buffers handed back once their run is over (Sampler.release), for the next sample to cut
 * its arrays from: a steady stream of scores then allocates no off-heap memory per request, which
 * V8 counts toward its collection triggers. Keeps a few buffers of at most MAX_BYTES each.
 */
const KEEP = 4;
const MAX_BYTES = 16 * 1024 * 1024;

export class BufferPool {
  private readonly free: ArrayBuffer[] = [];

  /** The smallest kept buffer of at least `bytes`, removed from the pool; undefined when none fits. */
  take(bytes: number): ArrayBuffer | undefined {
    let best = -1;
    for (let i = 0; i < this.free.length; i++)
      if (this.free[i].byteLength >= bytes && (best < 0 || this.free[i].byteLength < this.free[best].byteLength))
        best = i;
    return best < 0 ? undefined : this.free.splice(best, 1)[0];
  }

  give(buf: ArrayBuffer): void {
    if (buf.byteLength > MAX_BYTES || this.free.includes(buf)) return;
    if (this.free.length >= KEEP) {
      // Keep the larger ones: they fit more samples.
      let smallest = 0;
      for (let i = 1; i < this.free.length; i++)
        if (this.free[i].byteLength < this.free[smallest].byteLength) smallest = i;
      if (this.free[smallest].byteLength >= buf.byteLength) return;
      this.free.splice(smallest, 1);
    }
    this.free.push(buf);
  }
}
