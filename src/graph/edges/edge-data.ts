import { CHUNK, CHUNK_BITS, typedArray } from '../base/columns.ts';
import { WeightMoves } from './weight-moves.ts';

const MASK = CHUNK - 1;

/**
 * The data a relation's edges carry (schema.ts edgeWords: the weight, then the attributes), `words`
 * f32 per slot, in chunks beside the EdgeTable's and numbered as its slots. A column of its own,
 * not words in the slot: most relations carry none, and the slot's 12 bytes are what the hash,
 * the indexes and the sampler's visibility check read; only the sampler's picked edges read this.
 */
export class EdgeData {
  readonly chunks: Float32Array[] = [];
  /**
   * With `weighted`: no weight ever written is larger (it only grows). The sampler's 'weighted'
   * mode draws by rejection under it instead of reading every in-edge of a hub.
   */
  maxWeight = 0;
  /** With `weighted`: the slots a re-add gave another weight since a merge read it ('top' ranks them apart). */
  readonly moves: WeightMoves | undefined;

  /** shared: chunks in shared memory, as the EdgeTable's are (see Maintainer). weighted: word 0 is the edge's weight. */
  constructor(
    readonly words: number,
    private readonly shared = false,
    readonly weighted = false,
  ) {
    this.moves = weighted ? new WeightMoves() : undefined;
  }

  /** Room for slot e (zeros until written). */
  ensure(e: number): void {
    while (this.chunks.length <= e >>> CHUNK_BITS)
      this.chunks.push(typedArray(Float32Array, CHUNK * this.words, this.shared));
  }

  /** Slot e's data (ensured) from a batch record: `words` little-endian f32 at byte `at` of `view`. */
  write(e: number, view: DataView, at: number): void {
    const chunk = this.chunks[e >>> CHUNK_BITS],
      o = (e & MASK) * this.words,
      was = chunk[o];
    for (let k = 0; k < this.words; k++) chunk[o + k] = view.getFloat32(at + 4 * k, true);
    if (!this.weighted) return;
    if (chunk[o] > this.maxWeight) this.maxWeight = chunk[o];
    if (e < this.moves!.below && chunk[o] !== was) this.moves!.note(e);
  }

  /** Word k of slot e's data. */
  get(e: number, k: number): number {
    return this.chunks[e >>> CHUNK_BITS][(e & MASK) * this.words + k];
  }

  /** Copy slot e's data over slot w's (compaction moves the survivors down, as EdgeTable.move). */
  move(e: number, w: number): void {
    const from = this.chunks[e >>> CHUNK_BITS],
      to = this.chunks[w >>> CHUNK_BITS],
      a = (e & MASK) * this.words,
      b = (w & MASK) * this.words;
    for (let k = 0; k < this.words; k++) to[b + k] = from[a + k];
  }

  /** Keep slots [0, n): whole chunks past it are released. */
  truncate(n: number): void {
    this.chunks.length = Math.min(this.chunks.length, Math.ceil(n / CHUNK));
  }

  /** Slots [0, n) as views of the chunks, for snapshots: valid until the next write. */
  views(n: number): Float32Array[] {
    const out: Float32Array[] = [];
    for (let c = 0; c * CHUNK < n; c++)
      out.push(this.chunks[c].subarray(0, Math.min(CHUNK, n - c * CHUNK) * this.words));
    return out;
  }

  fromArray(a: Float32Array): void {
    this.chunks.length = 0;
    const per = CHUNK * this.words;
    for (let at = 0; at < a.length; at += per) {
      const c = typedArray(Float32Array, per, this.shared);
      c.set(a.subarray(at, at + per));
      this.chunks.push(c);
    }
    if (this.weighted) for (let i = 0; i < a.length; i += this.words) if (a[i] > this.maxWeight) this.maxWeight = a[i];
  }

  bytes(): number {
    return this.chunks.length * CHUNK * this.words * 4;
  }
}
