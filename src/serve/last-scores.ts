import type { GraphStore } from '../graph/index.ts';
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
 * 1M-account graph each lined up with one of the main thread's major collections. Memory: 4
 * bytes a score column and 8 a node of each type scored, for every node up to the highest row
 * scored (no capacity: a node's last score stays while the node does). A node not in the store
 * is not kept. A model whose output for a type has another width starts that type afresh.
 */
export class LastScores {
  private readonly byType = new Map<string, Column>();

  constructor(private readonly store: GraphStore) {}

  set(type: string, id: string, score: ArrayLike<number>): void {
    const row = this.store.nodes.get(type)?.ids.lookup(id) ?? -1;
    if (row < 0) return;
    let c = this.byType.get(type);
    if (c?.width !== score.length) {
      c = new Column(score.length);
      this.byType.set(type, c);
    }
    c.put(row, score, Date.now());
  }

  /** Every target of a score answer. */
  keep(s: Scores): void {
    for (const t of s.scores) this.set(t.type, t.id, t.score);
  }

  get(type: string, id: string): LastScore | undefined {
    const c = this.byType.get(type),
      row = this.store.nodes.get(type)?.ids.lookup(id) ?? -1;
    return c && row >= 0 ? c.get(row) : undefined;
  }

  /** The `n` highest first-column scores of `type`'s nodes, highest first. */
  top(type: string, n: number): { id: string; score: number; at: number }[] {
    const c = this.byType.get(type),
      ids = this.store.nodes.get(type)?.ids;
    if (!c || !ids || n <= 0) return [];
    return c.top(n).map((row) => ({ id: ids.idOf(row), score: c.first(row), at: c.at[row] }));
  }

  /** How many nodes of `type` have a last score. */
  count(type: string): number {
    return this.byType.get(type)?.count ?? 0;
  }
}

/** One node type's scores: `width` columns a row, and each row's time (0: never scored). */
class Column {
  scores = new Float32Array(0);
  at = new Float64Array(0);
  count = 0;

  constructor(readonly width: number) {}

  put(row: number, score: ArrayLike<number>, at: number): void {
    if (row >= this.at.length) this.grow(row + 1);
    if (this.at[row] === 0) this.count++;
    for (let j = 0, o = row * this.width; j < this.width; j++) this.scores[o + j] = score[j];
    this.at[row] = at;
  }

  get(row: number): LastScore | undefined {
    if (row >= this.at.length || this.at[row] === 0) return undefined;
    const o = row * this.width;
    return { score: Array.from(this.scores.subarray(o, o + this.width)), at: this.at[row] };
  }

  first(row: number): number {
    return this.scores[row * this.width];
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

  private grow(rows: number): void {
    const cap = Math.max(rows, 2 * this.at.length, 1024);
    const scores = new Float32Array(cap * this.width),
      at = new Float64Array(cap);
    scores.set(this.scores);
    at.set(this.at);
    this.scores = scores;
    this.at = at;
  }
}
