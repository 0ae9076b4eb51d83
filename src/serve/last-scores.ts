import type { Scores } from '../schedule/scores.ts';

/**
 * Each target's last score, for the deadline fallback: a bounded map that forgets the target
 * least recently scored once it holds `capacity`.
 */
export class LastScores {
  private readonly m = new Map<string, { score: number[]; at: number }>();

  constructor(private readonly capacity = 100_000) {}

  set(type: string, id: string, score: number[]): void {
    const k = `${type}\u0000${id}`;
    this.m.delete(k);
    this.m.set(k, { score, at: Date.now() });
    if (this.m.size > this.capacity) this.m.delete(this.m.keys().next().value!);
  }

  /** Every target of a score answer. */
  keep(s: Scores): void {
    for (const t of s.scores) this.set(t.type, t.id, [...t.score]);
  }

  get(type: string, id: string): { score: number[]; at: number } | undefined {
    return this.m.get(`${type}\u0000${id}`);
  }

  /** The `n` highest first-column scores of `type`'s nodes, highest first. */
  top(type: string, n: number): { id: string; score: number; at: number }[] {
    const out: { id: string; score: number; at: number }[] = [];
    const prefix = `${type}\u0000`;
    for (const [k, v] of this.m)
      if (k.startsWith(prefix)) out.push({ id: k.slice(prefix.length), score: v.score[0], at: v.at });
    return out.sort((a, b) => b.score - a.score).slice(0, n);
  }

  /** How many nodes of `type` have a last score. */
  count(type: string): number {
    let c = 0;
    const prefix = `${type}\u0000`;
    for (const k of this.m.keys()) if (k.startsWith(prefix)) c++;
    return c;
  }
}
