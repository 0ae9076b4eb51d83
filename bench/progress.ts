// Progress of a long suite on stderr (stdout holds the tables and the JSON line): which step, how
// many are left, and the time left, estimated from the work done so far. Each step names its
// work in any unit that grows with its time (edges × runs for scale, 1 a case elsewhere).
export class Progress {
  private readonly t0 = performance.now();
  private done = 0;
  private step = 0;
  private pending = 0;

  constructor(
    private readonly suite: string,
    private readonly total: number,
    private readonly steps: number,
  ) {}

  /** Announces a step of `work` units; the estimate counts the steps before it as done. */
  start(label: string, work = 1): void {
    const left = this.steps - this.step;
    const eta =
      this.done > 0 ? ` ~${clock(((performance.now() - this.t0) / this.done) * (this.total - this.done))} left` : '';
    process.stderr.write(`${this.suite} [${++this.step}/${this.steps}] ${label} (${left - 1} after this${eta})\n`);
    this.pending = work;
  }

  /** Marks the step started last as done. */
  end(): void {
    this.done += this.pending;
    this.pending = 0;
  }
}

/** `1h02m`, `4m05s`, `12s`. */
export function clock(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}
