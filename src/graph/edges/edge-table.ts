import { CHUNK, CHUNK_BITS, typedArray } from '../base/columns.ts';
import { DST, SRC, STRIDE, TS } from '../base/slot-layout.ts';

const MASK = CHUNK - 1;

/** One field (src, dst or ts) of every slot of an EdgeTable. */
export class EdgeField {
  readonly chunks: Uint32Array[];

  constructor(
    private readonly table: EdgeTable,
    readonly offset: number,
  ) {
    this.chunks = table.chunks;
  }

  get(e: number): number {
    return this.chunks[e >>> CHUNK_BITS][(e & MASK) * STRIDE + this.offset];
  }

  set(e: number, v: number): void {
    const c = e >>> CHUNK_BITS;
    if (this.table.lent[c]) this.table.own(c);
    this.chunks[c][(e & MASK) * STRIDE + this.offset] = v;
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
  /** Chunks a snapshot is writing from (see lend): a write to one copies it first. */
  readonly lent: boolean[] = [];
  length = 0;
  readonly src = new EdgeField(this, SRC);
  readonly dst = new EdgeField(this, DST);
  readonly ts = new EdgeField(this, TS);

  /** shared: chunks in shared memory, for a Maintainer that reads them from another thread. */
  constructor(private readonly shared = false) {}

  private chunk(): Uint32Array {
    return typedArray(Uint32Array, CHUNK * STRIDE, this.shared);
  }

  push(s: number, d: number, t: number): number {
    const e = this.length++;
    if ((e & MASK) === 0 && this.chunks.length <= e >>> CHUNK_BITS) {
      this.chunks.push(this.chunk());
      this.lent.push(false);
    }
    const c = this.chunks[e >>> CHUNK_BITS],
      o = (e & MASK) * STRIDE;
    c[o + SRC] = s;
    c[o + DST] = d;
    c[o + TS] = t;
    return e;
  }

  /** Copy slot e's fields, all of them, over slot w's (compaction moves the survivors down). */
  move(e: number, w: number): void {
    const c = w >>> CHUNK_BITS;
    if (this.lent[c]) this.own(c);
    const from = this.chunks[e >>> CHUNK_BITS],
      to = this.chunks[c];
    for (let k = 0, a = (e & MASK) * STRIDE, b = (w & MASK) * STRIDE; k < STRIDE; k++) to[b + k] = from[a + k];
  }

  /** Drop slots from n on; whole chunks past it are released. */
  truncate(n: number): void {
    this.length = Math.min(n, this.length);
    this.chunks.length = this.lent.length = Math.ceil(this.length / CHUNK);
  }

  /**
   * Slots [0, length) as views of the chunks themselves, for a snapshot written while ingest goes
   * on: instead of copying 12 bytes a slot (most of a snapshot's copy, which stalls the ingest
   * thread), the chunks are lent. Slots past the views only get appended, which leaves them alone;
   * a write to a lent chunk (a refreshed time, a delete, compaction) copies that chunk first.
   * `settle()` ends the loan once the snapshot is written.
   */
  lend(): { views: Uint32Array[]; settle: () => void } {
    const views: Uint32Array[] = [];
    for (let c = 0; c * CHUNK < this.length; c++) {
      views.push(this.chunks[c].subarray(0, Math.min(CHUNK, this.length - c * CHUNK) * STRIDE));
      this.lent[c] = true;
    }
    const lentChunks = views.map((v) => v.buffer);
    return {
      views,
      settle: () => {
        // A chunk copied meanwhile is already the table's own; one still lent is released.
        lentChunks.forEach((b, c) => {
          if (c < this.chunks.length && this.chunks[c].buffer === b) this.lent[c] = false;
        });
      },
    };
  }

  /** Replace lent chunk c by a copy of it, which the table owns. */
  own(c: number): void {
    const copy = this.chunk();
    copy.set(this.chunks[c]);
    this.chunks[c] = copy;
    this.lent[c] = false;
  }

  fromArray(a: Uint32Array): void {
    this.chunks.length = this.lent.length = 0;
    for (let at = 0; at < a.length; at += CHUNK * STRIDE) {
      const c = this.chunk();
      c.set(a.subarray(at, at + CHUNK * STRIDE));
      this.chunks.push(c);
      this.lent.push(false);
    }
    this.length = a.length / STRIDE;
  }

  bytes(): number {
    return this.chunks.length * CHUNK * STRIDE * 4;
  }
}
