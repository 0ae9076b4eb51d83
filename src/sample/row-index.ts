/**
 * Store index → local row for one sample's nodes of one type: open addressing in a table sized
 * to the sample (a few hundred entries, cache-resident), where an array as long as the type's
 * node table took a cache miss per lookup on a large graph (the sampler's costliest line on the
 * 100k-account graph).
 */
export class RowIndex {
  private keys = new Int32Array(64).fill(-1);
  private rows = new Int32Array(64);
  private shift = 26;
  private size = 0;

  /** The local row of store index g (>= 0), or -1. */
  get(g: number): number {
    const { keys } = this;
    const mask = keys.length - 1;
    for (let i = Math.imul(g, 0x9e3779b1) >>> this.shift; ; i = (i + 1) & mask) {
      const k = keys[i];
      if (k === g) return this.rows[i];
      if (k === -1) return -1;
    }
  }

  /** Records g → row; g must not be present. */
  set(g: number, row: number): void {
    if (2 * (this.size + 1) > this.keys.length) this.grow();
    this.put(g, row);
    this.size++;
  }

  /** Empty; a table grown for one large sample shrinks back. */
  clear(): void {
    if (this.keys.length > 4096 && this.keys.length > 8 * this.size) this.resize(64);
    else this.keys.fill(-1);
    this.size = 0;
  }

  private put(g: number, row: number): void {
    const { keys } = this;
    const mask = keys.length - 1;
    let i = Math.imul(g, 0x9e3779b1) >>> this.shift;
    while (keys[i] !== -1) i = (i + 1) & mask;
    keys[i] = g;
    this.rows[i] = row;
  }

  private grow(): void {
    const { keys, rows } = this;
    this.resize(keys.length * 2);
    for (let i = 0; i < keys.length; i++) if (keys[i] !== -1) this.put(keys[i], rows[i]);
  }

  private resize(capacity: number): void {
    this.keys = new Int32Array(capacity).fill(-1);
    this.rows = new Int32Array(capacity);
    this.shift = 32 - Math.log2(capacity);
  }
}
