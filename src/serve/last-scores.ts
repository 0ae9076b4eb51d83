import type { GraphStore } from '../graph/index.ts';
import { grow } from '../util/grow.ts';
import type { Scores } from '../schedule/scores.ts';

/** A score kept for the deadline fallback: its columns and when it was computed (ms since the epoch). */
export interface LastScore {
  readonly score: number[];
  readonly at: number;
}

/**
 * Each node's last score, for the deadline fallback and the analyst's list: typed arrays beside
 * the store, indexed by the node's row, one set per node type. No JS object per node: before, a
 * Map of up to 100,000 entries (a key string, an object and an array each) grew the heap that
 * every major collection marks, and the bursts of late answers at 2,000 requests/s on the
 * 1M-account graph each lined up with one of the main thread's major collections. Memory: 8
 * bytes a node of each type scored, and 4 a score column of each output width seen, for every
 * node up to the highest row scored (no capacity: a node's last score stays while the node
 * does). A node not in the store is not kept. Versions whose outputs differ in width (a gray
 * release of a wider model) each keep theirs; a node's newest score is the one answered.
 */
export class LastScores {
  private readonly byType = new Map<string, TypeScores>();

  constructor(private readonly store: GraphStore) {}

  set(type: string, id: string, score: ArrayLike<number>): void {
    const row = this.store.nodes.get(type)?.ids.lookup(id) ?? -1;
    if (row < 0) return;
    let t = this.byType.get(type);
    if (!t) {
      t = new TypeScores();
      this.byType.set(type, t);
    }
    t.put(row, score, Date.now());
  }

  /** Every target of a score answer. */
  keep(s: Scores): void {
    for (const t of s.scores) this.set(t.type, t.id, t.score);
  }

  get(type: string, id: string): LastScore | undefined {
    const t = this.byType.get(type),
      row = this.store.nodes.get(type)?.ids.lookup(id) ?? -1;
    return t && row >= 0 ? t.get(row) : undefined;
  }

  /** The `n` highest first-column scores of `type`'s nodes, highest first. */
  top(type: string, n: number): { id: string; score: number; at: number }[] {
    const t = this.byType.get(type),
      ids = this.store.nodes.get(type)?.ids;
    if (!t || !ids || n <= 0) return [];
    return t.top(n).map((row) => ({ id: ids.idOf(row), score: t.first(row), at: t.at[row] }));
  }

  /** How many nodes of `type` have a last score. */
  count(type: string): number {
    return this.byType.get(type)?.count ?? 0;
  }
}

/** `width` score columns a row: the scores of one output width. */
interface Table {
  readonly width: number;
  scores: Float32Array;
}

/** One node type's scores: each row's time (0: never scored) and which table holds its newest score. */
class TypeScores {
  at = new Float64Array(0);
  latest = new Uint8Array(0);
  readonly tables: Table[] = [];
  count = 0;

  put(row: number, score: ArrayLike<number>, at: number): void {
    let i = this.tables.findIndex((t) => t.width === score.length);
    if (i < 0) {
      // `latest` is a byte: past 256 output widths for one type (never seen), a new width is not kept.
      if (this.tables.length === 256) return;
      i = this.tables.push({ width: score.length, scores: new Float32Array(0) }) - 1;
    }
    const t = this.tables[i];
    if (row >= this.at.length) {
      const cap = Math.max(row + 1, 2 * this.at.length, 1024);
      this.at = grow(this.at, cap);
      this.latest = grow(this.latest, cap);
    }
    if ((row + 1) * t.width > t.scores.length) t.scores = grow(t.scores, this.at.length * t.width);
    if (this.at[row] === 0) this.count++;
    for (let j = 0, o = row * t.width; j < t.width; j++) t.scores[o + j] = score[j];
    this.at[row] = at;
    this.latest[row] = i;
  }

  get(row: number): LastScore | undefined {
    if (row >= this.at.length || this.at[row] === 0) return undefined;
    const t = this.tables[this.latest[row]],
      o = row * t.width;
    return { score: Array.from(t.scores.subarray(o, o + t.width)), at: this.at[row] };
  }

  /** The newest score's first column. */
  first(row: number): number {
    const t = this.tables[this.latest[row]];
    return t.scores[row * t.width];
  }

  /** Rows of the n highest first columns, highest first (ties: the lower row), by insertion into a short sorted list. */
  top(n: number): number[] {
    const out: number[] = [];
    for (let r = 0; r < this.at.length; r++) {
      if (this.at[r] === 0) continue;
      const s = this.first(r);
      if (out.length === n && !(s > this.first(out[n - 1]))) continue;
      let k = out.length < n ? out.push(r) - 1 : n - 1;
      for (; k > 0 && s > this.first(out[k - 1]); k--) out[k] = out[k - 1];
      out[k] = r;
    }
    return out;
  }
}
