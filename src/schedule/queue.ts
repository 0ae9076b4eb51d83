import { ScoreError } from './errors.ts';
import type { BackendChoice, CheckedRequest } from './request.ts';
import type { Scores } from './scores.ts';

/** A request waiting for its run. */
export interface Pending {
  readonly req: CheckedRequest;
  readonly at: number;
  readonly resolve: (s: Scores) => void;
  readonly reject: (e: unknown) => void;
}

/**
 * The scorer's waiting requests, bounded in targets: a request is admitted, or refused at once
 * ('overloaded' past the bound, 'deadline' when the runs ahead would outlast it), never dropped.
 */
export class RequestQueue {
  private readonly items: Pending[] = [];
  /** Targets waiting. */
  targets = 0;

  constructor(readonly maxTargets: number) {}

  get length(): number {
    return this.items.length;
  }

  /** Milliseconds the oldest request has waited. */
  oldestWait(now: number): number {
    return now - this.items[0].at;
  }

  /** `expectedMs`: how long the runs ahead of it and its own would take. */
  admit(p: Pending, expectedMs: number): void {
    const n = p.req.targets.length;
    if (this.targets + n > this.maxTargets)
      throw new ScoreError(
        'overloaded',
        `${this.targets} targets are waiting (at most ${this.maxTargets}); try again later`,
      );
    if (expectedMs > p.req.deadlineMs)
      throw new ScoreError(
        'deadline',
        `the runs ahead take about ${expectedMs.toFixed(1)} ms, past the ${p.req.deadlineMs} ms deadline`,
      );
    this.items.push(p);
    this.targets += n;
  }

  /**
   * The next run's requests: the oldest first, then more on the same backend choice while they fit
   * in `maxTargets`. A request that a run of `runMs` would carry past its deadline is refused now.
   */
  take(maxTargets: number, runMs: number): Pending[] {
    const out: Pending[] = [];
    let targets = 0;
    let choice: BackendChoice | undefined;
    const now = performance.now();
    while (this.items.length > 0) {
      const p = this.items[0];
      const n = p.req.targets.length;
      const late = now - p.at + runMs > p.req.deadlineMs;
      if (!late && ((choice !== undefined && p.req.backend !== choice) || targets + n > maxTargets)) break;
      this.items.shift();
      this.targets -= n;
      if (late) {
        const waited = (now - p.at).toFixed(1);
        p.reject(
          new ScoreError(
            'deadline',
            `waited ${waited} ms; a run takes about ${runMs.toFixed(1)} ms, past the ${p.req.deadlineMs} ms deadline`,
          ),
        );
        continue;
      }
      choice = p.req.backend;
      targets += n;
      out.push(p);
    }
    return out;
  }
}
