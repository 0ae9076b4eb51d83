/**
 * One ArrayBuffer cut into typed views in order: a sample holds ~30 arrays, and allocating each
 * on its own (its own off-heap buffer) costs more than the sampling and drives GC into the tail.
 */
export class Words {
  private readonly buf: ArrayBuffer;
  private at = 0;

  constructor(words: number) {
    this.buf = new ArrayBuffer(words * 4);
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
