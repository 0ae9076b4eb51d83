import type { Floats } from '../tensor/floats.ts';

/**
 * A CPU session's scratch memory. Its kernels cut their outputs from a few reused chunks
 * (zeroed, as new memory is) and the session gives all of it back when it ends, so a steady
 * stream of scores allocates no Float32Array; before, each score left ~100 KB for the
 * young-generation GC, whose pauses set the tail. Anything bigger than a chunk gets memory of its
 * own, and chunks past `keepChunks` are dropped on release: a full-graph run does not pin its peak.
 */
export class Arena {
  private readonly chunks: Float32Array[] = [];
  private chunk = 0;
  private at = 0;

  constructor(
    private readonly chunkFloats = 1 << 18,
    private readonly keepChunks = 8,
  ) {}

  readonly take: Floats = (n) => {
    if (n > this.chunkFloats) return new Float32Array(n);
    let c = this.chunks[this.chunk];
    if (c !== undefined && this.at + n > c.length) {
      this.chunk++;
      this.at = 0;
      c = this.chunks[this.chunk];
    }
    if (c === undefined) {
      c = new Float32Array(this.chunkFloats);
      this.chunks[this.chunk] = c;
    }
    const v = c.subarray(this.at, this.at + n);
    this.at += n;
    return v.fill(0);
  };

  /** Everything taken is free again; views handed out must no longer be read. */
  release(): void {
    this.chunk = 0;
    this.at = 0;
    if (this.chunks.length > this.keepChunks) this.chunks.length = this.keepChunks;
  }
}
