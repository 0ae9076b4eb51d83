/** Rows per feature chunk: chunks grow the table without copying it. */
const ROWS = 4096;

/**
 * F32 feature rows of one node type. A node that was never upserted reads as zeros, and no
 * memory is spent on rows past the highest one written.
 */
export class Features {
  private chunks: Float32Array[] = [];

  constructor(readonly width: number) {}

  /** Rows that have backing memory. */
  get rows(): number {
    return this.chunks.length * ROWS;
  }

  /** Set row from x[0, width) (created when new). */
  set(row: number, x: Float32Array): void {
    if (this.width === 0) return;
    const c = Math.floor(row / ROWS);
    while (this.chunks.length <= c) this.chunks.push(new Float32Array(ROWS * this.width));
    const dst = this.chunks[c];
    const o = (row % ROWS) * this.width;
    // An element loop: rows are 8-64 floats, where subarray + set (a view object per row) costs more.
    for (let k = 0; k < this.width; k++) dst[o + k] = x[k];
  }

  /** Copy row into out at offset (zeros when never written). */
  read(row: number, out: Float32Array, offset: number): void {
    const c = Math.floor(row / ROWS);
    if (c >= this.chunks.length) {
      out.fill(0, offset, offset + this.width);
      return;
    }
    // An element loop: rows are 8-64 floats, where subarray + set (a view object per row) costs more.
    const src = this.chunks[c];
    const at = (row % ROWS) * this.width;
    for (let k = 0; k < this.width; k++) out[offset + k] = src[at + k];
  }

  /**
   * Reads one value of each row of `rows[0, n)`, for `read` to find them in cache: the loads are
   * independent, so the core has many misses in flight instead of one row's at a time.
   */
  touch(rows: Int32Array, n: number): number {
    let sink = 0;
    const w = this.width,
      chunks = this.chunks;
    if (w === 0) return 0;
    for (let i = 0; i < n; i++) {
      const row = rows[i];
      const c = chunks[(row / ROWS) | 0];
      if (c === undefined) continue;
      const at = (row % ROWS) * w;
      sink += c[at] + c[at + w - 1];
    }
    return sink;
  }

  /** Every backed row, contiguous, for snapshots. */
  dump(): Float32Array {
    const out = new Float32Array(this.rows * this.width);
    for (const [i, c] of this.chunks.entries()) out.set(c, i * ROWS * this.width);
    return out;
  }

  restore(all: Float32Array): void {
    const size = ROWS * this.width;
    this.chunks = [];
    for (let at = 0; at < all.length; at += size) this.chunks.push(all.slice(at, at + size));
  }

  bytes(): number {
    return this.chunks.length * ROWS * this.width * 4;
  }
}
