import { CHUNK, CHUNK_BITS } from './columns.ts';

const MASK = CHUNK - 1;
/** u32 words per slot: src, dst, ts. */
const STRIDE = 3;

/** One field (src, dst or ts) of every slot of an EdgeTable. */
export class EdgeField {
  constructor(readonly chunks: Uint32Array[], readonly offset: number) {}

  get(e: number): number {
    return this.chunks[e >>> CHUNK_BITS][(e & MASK) * STRIDE + this.offset];
  }

  set(e: number, v: number): void {
    this.chunks[e >>> CHUNK_BITS][(e & MASK) * STRIDE + this.offset] = v;
  }
}

/**
 * A relation's edges, src, dst and ts interleaved per slot (12 bytes) in fixed-size chunks.
 * Interleaved rather than three columns because every reader wants two or three of them for
 * the same slot (the identity hash compares src and dst, the sampler checks ts then reads
 * src), and at 10M edges each column read is a cache miss: one line instead of three.
 */
export class EdgeTable {
  readonly chunks: Uint32Array[] = [];
  length = 0;
  readonly src = new EdgeField(this.chunks, 0);
  readonly dst = new EdgeField(this.chunks, 1);
  readonly ts = new EdgeField(this.chunks, 2);

  push(s: number, d: number, t: number): number {
    const e = this.length++;
    if ((e & MASK) === 0 && this.chunks.length <= e >>> CHUNK_BITS) this.chunks.push(new Uint32Array(CHUNK * STRIDE));
    const c = this.chunks[e >>> CHUNK_BITS], o = (e & MASK) * STRIDE;
    c[o] = s;
    c[o + 1] = d;
    c[o + 2] = t;
    return e;
  }

  /** Drop slots from n on; whole chunks past it are released. */
  truncate(n: number): void {
    this.length = Math.min(n, this.length);
    this.chunks.length = Math.ceil(this.length / CHUNK);
  }

  /** Slots [0, length) as one interleaved array, for snapshots. */
  toArray(): Uint32Array {
    const out = new Uint32Array(this.length * STRIDE);
    this.chunks.forEach((c, k) => out.set(c.subarray(0, Math.min(CHUNK, this.length - k * CHUNK) * STRIDE), k * CHUNK * STRIDE));
    return out;
  }

  fromArray(a: Uint32Array): void {
    this.chunks.length = 0;
    for (let at = 0; at < a.length; at += CHUNK * STRIDE) {
      const c = new Uint32Array(CHUNK * STRIDE);
      c.set(a.subarray(at, at + CHUNK * STRIDE));
      this.chunks.push(c);
    }
    this.length = a.length / STRIDE;
  }

  bytes(): number {
    return this.chunks.length * CHUNK * STRIDE * 4;
  }
}
