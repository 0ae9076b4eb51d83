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

  get(type: string, id: string): { score: number[]; at: number } | undefined {
    return this.m.get(`${type}\u0000${id}`);
  }
}
