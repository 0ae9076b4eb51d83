// Open-loop HTTP load over loopback, with coordinated omission handled: arrivals follow a Poisson
// schedule fixed by a seed (never by the server's answers), and each request's latency is taken
// from its *scheduled* time to its answer's last byte, so a stalled server (or a stalled client)
// is charged for every request it kept waiting. Microsecond histogram, percentiles by nearest rank.
// A worker thread paces the arrivals (server-pace.ts: on time within about 0.15 ms, no spinning);
// the client (http-client.ts) keeps up to 256 connections alive, and a request that cannot get one
// at once waits in its queue, its clock already running.
import { PerformanceObserver } from 'node:perf_hooks';
import type { HttpClient } from './http-client.ts';
import { Histogram } from './histogram.ts';
import { type CpuUse, cpuMeter } from './server-cpu.ts';
import { pace } from './server-pace.ts';

/** What the bench reads from a 2xx score answer. */
export interface ScoreAnswer {
  readonly fallback: boolean;
  readonly version?: string;
  readonly storeVersion?: number;
  readonly scores: { readonly version?: string; readonly score: number | null }[];
  readonly batch?: { readonly targets: number };
  /** The server's own measure, receiving the request to answering it, ms. */
  readonly timings?: { readonly server: number };
}

export interface LoadOptions {
  readonly rate: number;
  /** Arrivals are scheduled for this many ms, or until the task this starts with the schedule settles. */
  readonly until: number | (() => Promise<unknown>);
  readonly body: (i: number) => string;
  /** Every 2xx answer with when its request was sent and answered (performance.now()). */
  readonly onAnswer?: (a: ScoreAnswer, sentAt: number, answeredAt: number) => void;
  readonly seed?: number;
  /** The server's process id: its CPU use is measured alongside the client's and the rest's. */
  readonly serverPid?: number;
}

export interface LoadResult {
  readonly rate: number;
  readonly offered: number;
  /** 2xx answers with a score (not a fallback). */
  readonly ok: number;
  /** 2xx answers with `fallback: true` (the deadline missed): not errors, counted apart. */
  readonly fallbacks: number;
  /** Non-2xx answers and network errors, 503s included. */
  readonly errors: number;
  readonly overloaded: number;
  /** Errors by kind: `http <status>` or the network error's message. */
  readonly byKind: Record<string, number>;
  /** Latency of every 2xx answer (fallbacks too) from its scheduled time, µs. */
  readonly hist: Histogram;
  /** The same answers' time inside the server's handler (`timings.server`), µs: the rest is queueing before it and the network. */
  readonly inServer: Histogram;
  readonly seconds: number;
  /** The load generator's own GC pauses during the load, ms. */
  readonly clientGcMs: number;
  /** Mean targets in the scorer runs the scored requests rode in. */
  readonly meanRunTargets: number;
  readonly cpu?: CpuUse;
}

/** Score requests (POST /v1/score) at `rate` a second, open loop, until `until`; resolves once every one is answered. */
export async function scoreLoad(client: HttpClient, o: LoadOptions): Promise<LoadResult> {
  const hist = new Histogram();
  const inServer = new Histogram();
  const byKind: Record<string, number> = {};
  let offered = 0,
    ok = 0,
    fallbacks = 0,
    errors = 0,
    overloaded = 0,
    runTargets = 0,
    clientGcMs = 0,
    outstanding = 0,
    stopped = false;
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) clientGcMs += e.duration;
  });
  obs.observe({ entryTypes: ['gc'] });
  let drained = () => {};
  const settle = () => {
    if (--outstanding === 0 && stopped) drained();
  };
  const fail = (kind: string) => {
    errors++;
    byKind[kind] = (byKind[kind] ?? 0) + 1;
    settle();
  };
  let meter: (() => CpuUse | undefined) | undefined;
  const fire = (i: number, scheduled: number) => {
    // Measured from the first arrival: the pacer's start (its worker loading) is not the load's.
    if (offered === 0 && o.serverPid !== undefined) meter = cpuMeter(o.serverPid);
    offered++;
    outstanding++;
    const sentAt = performance.now();
    client.post('/v1/score', o.body(i)).then(
      ({ status, text }) => {
        const answeredAt = performance.now();
        if (status < 200 || status >= 300) {
          if (status === 503) overloaded++;
          return fail(`http ${status}`);
        }
        let a: ScoreAnswer;
        try {
          a = JSON.parse(text) as ScoreAnswer;
        } catch {
          return fail(`http ${status}, not JSON`);
        }
        hist.record((answeredAt - scheduled) * 1000);
        if (a.timings) inServer.record(a.timings.server * 1000);
        if (a.fallback) fallbacks++;
        else {
          ok++;
          runTargets += a.batch?.targets ?? 0;
        }
        o.onAnswer?.(a, sentAt, answeredAt);
        settle();
      },
      (e: Error) => fail(e.message),
    );
  };
  const seconds = await pace(o.rate, o.seed ?? 1, o.until, fire);
  stopped = true;
  if (outstanding > 0) await new Promise<void>((r) => (drained = r));
  obs.disconnect();
  const cpu = meter?.();
  return {
    rate: o.rate,
    offered,
    ok,
    fallbacks,
    errors,
    overloaded,
    byKind,
    hist,
    inServer,
    seconds,
    clientGcMs,
    meanRunTargets: ok > 0 ? runTargets / ok : 0,
    cpu,
  };
}
