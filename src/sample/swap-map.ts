/**
 * position → position for a lazy Fisher–Yates shuffle: only the positions a draw touched are
 * stored, so picking k of a hub's 100k neighbours costs O(k). Cleared in O(1) by bumping a
 * generation stamp, so a sample allocates nothing per node.
 */
export class SwapMap {
  private keys = new Int32Array(256);
  private vals = new Int32Array(256);
  private stamp = new Uint32Array(256);
  private gen = 1;
  private size = 0;

  clear(): void {
    this.gen++;
    this.size = 0;
  }

  /** The value at position i (i itself when never swapped). */
  get(i: number): number {
    const mask = this.keys.length - 1;
    for (let h = i & mask; ; h = (h + 1) & mask) {
      if (this.stamp[h] !== this.gen) return i;
      if (this.keys[h] === i) return this.vals[h];
    }
  }

  set(i: number, v: number): void {
    if ((this.size + 1) * 2 > this.keys.length) this.grow();
    const mask = this.keys.length - 1;
    for (let h = i & mask; ; h = (h + 1) & mask) {
      if (this.stamp[h] !== this.gen) {
        this.stamp[h] = this.gen;
        this.keys[h] = i;
        this.vals[h] = v;
        this.size++;
        return;
      }
      if (this.keys[h] === i) {
        this.vals[h] = v;
        return;
      }
    }
  }

  private grow(): void {
    const { keys, vals, stamp, gen } = this;
    const n = keys.length * 2;
    this.keys = new Int32Array(n);
    this.vals = new Int32Array(n);
    this.stamp = new Uint32Array(n);
    this.gen = 1;
    this.size = 0;
    for (let h = 0; h < keys.length; h++) if (stamp[h] === gen) this.set(keys[h], vals[h]);
  }
}
