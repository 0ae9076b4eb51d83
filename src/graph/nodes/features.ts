/** Rows per feature chunk: chunks grow the table without copying it. */
const ROWS = 4096;

/**
 * F32 feature rows of one node type. A node that was never upserted reads as zeros, and no
 * memory is spent on rows past the highest one written.
 */
export class Features {
  private chunks: Float32Array[] = [];
  /** The chunks as 32-bit words, for copies. */
  private words: Int32Array[] = [];
  /** The sum gather's first pass read, kept so that its loads are not optimised away. */
  touched = 0;

  constructor(readonly width: number) {}

  /** Rows that have backing memory. */
  get rows(): number {
    return this.chunks.length * ROWS;
  }

  /** Set row from x[0, width) (created when new). */
  set(row: number, x: Float32Array): void {
    if (this.width === 0) return;
    const c = Math.floor(row / ROWS);
    while (this.chunks.length <= c) this.add(new Float32Array(ROWS * this.width));
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
   * Rows `rows[0, n)` into out, one after another (zeros for rows never written). Two passes: the
   * first reads one value at each end of every row, independent loads that put many misses in
   * flight instead of one row's at a time; the second copies the rows, now in cache, as 32-bit
   * words (no float conversions). The sampler's feature gather was ~70% of its batch assembly.
   */
  gather(rows: Int32Array, n: number, out: Float32Array): void {
    const w = this.width,
      chunks = this.chunks;
    if (w === 0) return;
    let sink = 0;
    for (let i = 0; i < n; i++) {
      const c = chunks[(rows[i] / ROWS) | 0];
      if (c === undefined) continue;
      const at = (rows[i] % ROWS) * w;
      sink += c[at] + c[at + w - 1];
    }
    this.touched = sink;
    const o = new Int32Array(out.buffer, out.byteOffset, n * w);
    for (let i = 0; i < n; i++) {
      const ci = (rows[i] / ROWS) | 0;
      const base = i * w;
      if (ci >= chunks.length) {
        o.fill(0, base, base + w);
        continue;
      }
      const src = this.words[ci];
      const at = (rows[i] % ROWS) * w;
      for (let k = 0; k < w; k++) o[base + k] = src[at + k];
    }
  }

  /** Every backed row, for snapshots: the chunks themselves, back to back (valid until the next upsert). */
  parts(): Float32Array[] {
    return [...this.chunks];
  }

  restore(all: Float32Array): void {
    const size = ROWS * this.width;
    this.chunks = [];
    this.words = [];
    for (let at = 0; at < all.length; at += size) this.add(all.slice(at, at + size));
  }

  private add(chunk: Float32Array): void {
    this.chunks.push(chunk);
    this.words.push(new Int32Array(chunk.buffer, chunk.byteOffset, chunk.length));
  }

  bytes(): number {
    return this.chunks.length * ROWS * this.width * 4;
  }
}
