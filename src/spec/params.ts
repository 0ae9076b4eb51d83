import { describeShape } from '../tensor/access.ts';
import { mat, type Mat } from '../tensor/mat.ts';
import type { SafetensorsFile } from '../tensor/safetensors.ts';

/** Keys that PyG saves but inference never reads. */
const IGNORED_SUFFIXES = ['.num_batches_tracked'];

/**
 * Binds PyG state_dict keys to layers. Shape and dtype are checked per key; problems are
 * collected so that one error lists every missing, misshapen and unused key.
 */
export class Params {
  private readonly used = new Set<string>();
  private readonly problems: string[] = [];

  constructor(readonly file: SafetensorsFile) {}

  /** An F32 tensor of exactly `shape`, as a Mat ([n] → [n,1]; rank 3 → [d0, d1·d2]). */
  take(key: string, shape: readonly number[], why: string): Mat {
    this.used.add(key);
    const t = this.file.tensors.get(key);
    const rows = shape[0] ?? 1;
    const cols = shape.length <= 1 ? 1 : shape.slice(1).reduce((a, b) => a * b, 1);
    if (!t) {
      this.problems.push(`missing '${key}' ${describeShape(shape)} (${why})`);
      return mat(rows, cols);
    }
    if (t.dtype !== 'F32') {
      this.problems.push(`'${key}': dtype ${t.dtype}, expected F32 (${why})`);
      return mat(rows, cols);
    }
    if (describeShape(t.shape) !== describeShape(shape)) {
      this.problems.push(`'${key}': shape ${describeShape(t.shape)}, expected ${describeShape(shape)} (${why})`);
      return mat(rows, cols);
    }
    return mat(rows, cols, t.data as Float32Array);
  }

  /** Like take, for keys that exist only under some options (bias=False drops `bias`). */
  takeIf(present: boolean, key: string, shape: readonly number[], why: string): Mat | undefined {
    return present ? this.take(key, shape, why) : undefined;
  }

  /** After every layer is bound: throw once with every problem, unused keys included. */
  finish(): void {
    for (const key of this.file.tensors.keys()) {
      if (!this.used.has(key) && !IGNORED_SUFFIXES.some((s) => key.endsWith(s))) {
        this.problems.push(
          `unexpected key '${key}' ${describeShape(this.file.tensors.get(key)!.shape)}: no layer of model.json reads it`,
        );
      }
    }
    if (this.problems.length > 0) {
      throw new Error(
        `checkpoint ${this.file.name}: ${this.problems.length} problem(s):\n  ${this.problems.join('\n  ')}`,
      );
    }
  }
}
