// Latencies in whole microseconds: exact counts below 100 ms, then 1% bins (log-spaced) to an hour.
// Percentiles by nearest rank; no sample is kept, so a long run allocates nothing per request.
const LINEAR_US = 100_000;
const LOG_STEP = Math.log(1.01);

export class Histogram {
  private readonly linear = new Uint32Array(LINEAR_US);
  private readonly log = new Uint32Array(Math.ceil(Math.log(3.6e9 / LINEAR_US) / LOG_STEP) + 1);
  count = 0;
  max = 0;

  record(us: number): void {
    const v = Math.max(0, Math.round(us));
    if (v < LINEAR_US) this.linear[v]++;
    else this.log[Math.min(this.log.length - 1, Math.floor(Math.log(v / LINEAR_US) / LOG_STEP))]++;
    this.count++;
    if (v > this.max) this.max = v;
  }

  /** The smallest recorded value with at least p of the samples at or below it (nearest rank), µs. */
  percentile(p: number): number {
    if (this.count === 0) return Number.NaN;
    const rank = Math.max(1, Math.ceil(p * this.count));
    let seen = 0;
    for (let v = 0; v < LINEAR_US; v++) {
      seen += this.linear[v];
      if (seen >= rank) return v;
    }
    for (let b = 0; b < this.log.length; b++) {
      seen += this.log[b];
      if (seen >= rank) return Math.min(this.max, Math.round(LINEAR_US * Math.exp((b + 1) * LOG_STEP)));
    }
    return this.max;
  }
}
