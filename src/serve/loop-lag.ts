/**
 * How far behind the event loop runs: a 10 ms timer's lateness, the newest sample. A server whose
 * loop is this far behind has requests waiting unread in its sockets for at least as long, where
 * no deadline (which starts in the handler) can see them; past a limit it refuses new scores with
 * a 503 instead of letting that hidden queue grow.
 */
export class LoopLag {
  private lag = 0;
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(private readonly limitMs: number) {
    let expected = performance.now() + TICK_MS;
    this.timer = setInterval(() => {
      const now = performance.now();
      this.lag = Math.max(0, now - expected);
      expected = now + TICK_MS;
    }, TICK_MS);
    this.timer.unref?.();
  }

  /** The newest lag, ms. */
  get ms(): number {
    return this.lag;
  }

  get behind(): boolean {
    return this.lag > this.limitMs;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

const TICK_MS = 10;
