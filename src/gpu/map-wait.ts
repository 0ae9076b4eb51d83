/**
 * How long to wait before asking to map a readback. dawn.node resolves mapAsync by polling with
 * setImmediate for as long as a request is pending, so asking right after the submit keeps a core
 * spinning for the whole GPU run; on SwiftShader that core is one the GPU work itself needed
 * (gcn2 on 2 cores: ~440 KB of timer garbage per run, a major GC every ~50 runs, p99 ~10x p50).
 * Asking after most of the expected time has passed leaves only the tail to poll. The expectation
 * is per submit shape (its dispatch count: one model's runs look alike), an average of recent
 * submit-to-mapped times; the wait is a fraction of it, so a shorter run than expected costs at
 * most that fraction and pulls the average down at once. Browsers deliver maps as events: no wait.
 */
export class MapWait {
  private readonly expected = new Map<number, number>();

  /** `polls`: whether this device's maps are delivered by polling (dawn.node). */
  constructor(readonly polls: boolean) {}

  /** Milliseconds to wait before mapping the output of a submit of `key` dispatches; 0 for none. */
  delay(key: number): number {
    if (!this.polls) return 0;
    const ms = (this.expected.get(key) ?? 0) * WAIT_FRACTION;
    return ms >= MIN_WAIT_MS ? Math.floor(ms) : 0;
  }

  /** A submit of `key` dispatches was mapped `ms` after it was submitted. */
  observe(key: number, ms: number): void {
    const old = this.expected.get(key);
    this.expected.set(key, old === undefined ? ms : old + (ms - old) * SMOOTHING);
  }
}

/** Of the expected time: a run 30% faster than recent ones still maps without delay. */
const WAIT_FRACTION = 0.7;
/** setTimeout's granularity is a millisecond: shorter waits would overshoot more than they save. */
const MIN_WAIT_MS = 1;
const SMOOTHING = 0.3;
