/** mulberry32: a small seeded 32-bit generator, so the same seed over the same graph draws the same sample. */
export class Rng {
  private s: number;

  constructor(seed: number) {
    this.s = seed >>> 0;
  }

  /** Start over from `seed`, as a new Rng(seed) would. */
  reset(seed: number): void {
    this.s = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [0, n), n < 2^32. */
  below(n: number): number {
    return Math.floor(this.next() * n);
  }
}
