import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import type { ScoreOptions } from '../schedule/request.ts';
import { decide } from './decisions.ts';
import type { Metrics } from './metrics.ts';
import type { ModelEntry } from './served-model.ts';
import type { Route } from './routing.ts';
import type { ShadowComparison } from './shadow-comparison.ts';
import { addTarget } from './targets.ts';

/** An answered target: what the primary said. */
export interface Answered {
  readonly type: string;
  readonly id: string;
  readonly version: string;
  readonly score: number;
}

const RECENT = 1000;

/**
 * Shadow scores: computed after the primary answer has gone (never delaying or changing it), then
 * compared, counted (Metrics), kept (the last 1000, for GET /v1/routes/{name}) and logged as JSON
 * lines to `file` when one is given.
 */
export class ShadowLog {
  private readonly recent: ShadowComparison[] = [];
  private next = 0;
  private readonly out?: WriteStream;

  constructor(
    private readonly metrics: Metrics,
    file?: string,
  ) {
    if (file) {
      mkdirSync(dirname(file), { recursive: true });
      this.out = createWriteStream(file, { flags: 'a' });
      // A full disk must not take the server down: shadow logging is best effort.
      this.out.on('error', () => undefined);
    }
  }

  /** Scores the shadowed share of `answered` on each of the route's shadows, in the background. */
  shadow(entry: ModelEntry, route: Route, answered: readonly Answered[], options: ScoreOptions | undefined): void {
    for (const s of route.shadows) {
      const served = entry.version(s.version);
      const picked = answered.filter((a) => route.shadowed(s, a.id));
      if (!served || picked.length === 0) continue;
      const targets: Record<string, string[]> = {};
      for (const a of picked) addTarget(targets, a.type, a.id);
      const t0 = performance.now();
      // A shadow has no caller waiting: it may wait behind the primary's work for up to 10 s.
      served.scorer.score(targets, { ...options, deadlineMs: 10_000 }).then(
        (got) => {
          const ms = performance.now() - t0;
          const byKey = new Map(got.scores.map((t) => [`${t.type}\u0000${t.id}`, t.score[0]]));
          for (const a of picked) {
            const score = byKey.get(`${a.type}\u0000${a.id}`)!;
            const primaryThresholds = entry.version(a.version)?.thresholds ?? served.thresholds;
            this.record({
              at: new Date().toISOString(),
              model: entry.name,
              type: a.type,
              id: a.id,
              primary: { version: a.version, score: a.score, decision: decide(a.score, primaryThresholds) },
              shadow: { version: served.version, score, decision: decide(score, served.thresholds) },
              latencyMs: ms,
            });
          }
        },
        () => this.metrics.shadowFailed(entry.name, served.version, picked.length),
      );
    }
  }

  private record(c: ShadowComparison): void {
    this.metrics.shadowCompared(c);
    if (this.recent.length < RECENT) this.recent.push(c);
    else this.recent[this.next] = c;
    this.next = (this.next + 1) % RECENT;
    this.out?.write(`${JSON.stringify(c)}\n`);
  }

  /** The last comparisons of model `name` (newest last), at most `n`. */
  latest(name: string, n = RECENT): ShadowComparison[] {
    const ordered = [...this.recent.slice(this.next), ...this.recent.slice(0, this.next)];
    return ordered.filter((c) => c.model === name).slice(-n);
  }

  close(): Promise<void> {
    return new Promise((done) => (this.out ? this.out.end(done) : done()));
  }
}
