/**
 * How long to wait before asking to map a readback. dawn.node resolves mapAsync by polling with
 * setImmediate for as long as a request is pending, so asking right after the submit keeps a core
 * spinning for the whole GPU run; on SwiftShader that core is one the GPU work itself needed
 * (gcn2 on 2 × AMD EPYC, 2 cores, SwiftShader, 29 Nov 2026: ~440 KB of timer garbage per run,
 * a major GC every ~50 runs, p99 ~10x p50).
 * Asking after most of the expected time has passed leaves only the tail to poll. The expectation
 * is per submit shape (its kernels in order and the order of magnitude of its workgroups: one
 * model's runs on similar batches look alike, two models or two kernels rarely do), an average of
 * recent submit-to-mapped times; the wait is a fraction of it, so a shorter run than expected
 * costs at most that fraction and pulls the average down at once. Browsers deliver maps as
 * events: no wait.
 */
export class MapWait {
  private readonly expected = new Map<string, number>();

  /** `polls`: whether this device's maps are delivered by polling (dawn.node). */
  constructor(readonly polls: boolean) {}

  /** Milliseconds to wait before mapping the output of a submit of shape `key`; 0 for none. */
  delay(key: string): number {
    if (!this.polls) return 0;
    const ms = (this.expected.get(key) ?? 0) * WAIT_FRACTION;
    return ms >= MIN_WAIT_MS ? Math.floor(ms) : 0;
  }

  /** A submit of shape `key` was mapped `ms` after it was submitted (kept only where maps are polled). */
  observe(key: string, ms: number): void {
    if (!this.polls) return;
    const old = this.expected.get(key);
    this.expected.set(key, old === undefined ? ms : old + (ms - old) * SMOOTHING);
  }
}

/** A submit's shape: its kernels in order and log2 of its workgroups, rounded. */
export function submitShape(stems: readonly string[], groups: number): string {
  return `${stems.join(' ')} #${Math.round(Math.log2(1 + groups))}`;
}

/** Of the expected time: a run 30% faster than recent ones still maps without delay. */
const WAIT_FRACTION = 0.7;
/** setTimeout's granularity is a millisecond: shorter waits would overshoot more than they save. */
const MIN_WAIT_MS = 1;
const SMOOTHING = 0.3;
