import type { RelationView } from '../graph/index.ts';
import type { EdgeSet } from '../tensor/batch.ts';
import { mat } from '../tensor/mat.ts';
import type { Words } from './words.ts';

/**
 * A sampled relation's edge data, as a Batch carries it: `edge_weight` [E] and `edge_attr` [E, D]
 * in the batch's CSR order (its eid is the identity), which is the order the kernels read. Made
 * only for relations whose edges carry data; the others add nothing to a sample.
 */
export class EdgeColumns {
  private weight: Float32Array | undefined;
  private attr: Float32Array | undefined;

  constructor(private readonly r: RelationView) {}

  /** Words of a batch's buffer that `n` edges' data take. */
  static words(r: RelationView, n: number): number {
    return r.data ? n * r.data.words : 0;
  }

  /** Cut the columns for n edges from w32 (in Words order: call where the batch's words are counted). */
  open(w32: Words, n: number): this {
    this.weight = this.r.edgeWeight ? w32.f32(n) : undefined;
    this.attr = this.r.edgeAttr > 0 ? w32.f32(n * this.r.edgeAttr) : undefined;
    return this;
  }

  /** Batch edge k is the store's slot `slot`. */
  put(k: number, slot: number): void {
    const data = this.r.data!,
      width = this.r.edgeAttr;
    let w = 0;
    if (this.weight) this.weight[k] = data.get(slot, w++);
    const a = this.attr;
    if (a) for (let f = 0; f < width; f++) a[k * width + f] = data.get(slot, w + f);
  }

  /** The EdgeSet fields for n edges. */
  fields(n: number): Pick<EdgeSet, 'edgeAttr' | 'edgeWeight'> {
    return {
      ...(this.weight && { edgeWeight: this.weight }),
      ...(this.attr && { edgeAttr: mat(n, this.r.edgeAttr, this.attr) }),
    };
  }
}
