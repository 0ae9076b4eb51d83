import type { Scores } from '../schedule/scores.ts';
import type { ServedModel } from './served-model.ts';

/** What the server counts per model and version (GET /v1/stats). */
export class Counters {
  private readonly per = new Map<string, { scored: number; fallbacks: number; overloaded: number; targets: number }>();
  eventsApplied = 0;
  eventsDuplicate = 0;
  batchesIngested = 0;

  private of(m: ServedModel) {
    const k = `${m.name}@${m.version}`;
    const c = this.per.get(k) ?? { scored: 0, fallbacks: 0, overloaded: 0, targets: 0 };
    this.per.set(k, c);
    return c;
  }

  scored(m: ServedModel, s: Scores): void {
    const c = this.of(m);
    c.scored++;
    c.targets += s.scores.length;
  }

  fallback(m: ServedModel): void {
    this.of(m).fallbacks++;
  }

  overloaded(m: ServedModel): void {
    this.of(m).overloaded++;
  }

  snapshot() {
    return {
      models: Object.fromEntries(this.per),
      events: { applied: this.eventsApplied, duplicates: this.eventsDuplicate, batches: this.batchesIngested },
    };
  }
}
