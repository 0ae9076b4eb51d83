/**
 * One ArrayBuffer cut into typed views in order: a sample holds ~30 arrays, and allocating each
 * on its own (its own off-heap buffer) costs more than the sampling and drives GC into the tail.
 */
export class Words {
  readonly buf: ArrayBuffer;
  private at = 0;

  /** `words` 32-bit words, cut from `from` when it is large enough (zeroed first), else new memory. */
  constructor(words: number, from?: ArrayBuffer) {
    if (from && from.byteLength >= words * 4) {
      new Uint32Array(from, 0, words).fill(0);
      this.buf = from;
    } else this.buf = new ArrayBuffer(words * 4);
  }

  i32(n: number): Int32Array {
    const v = new Int32Array(this.buf, this.at * 4, n);
    this.at += n;
    return v;
  }

  f32(n: number): Float32Array {
    const v = new Float32Array(this.buf, this.at * 4, n);
    this.at += n;
    return v;
  }
}
