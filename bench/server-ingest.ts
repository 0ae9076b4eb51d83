// The write side of the server bench: a paced stream of add_edge events (POST /v1/events, a batch
// every 10 ms, each event one edge with an id of its own), and the freshness probe (an event's
// acknowledgement to the first score that reflects it).
import type { GraphEvent, GraphOp } from '../src/graph/index.ts';
import { Histogram } from './histogram.ts';
import type { HttpClient } from './http-client.ts';
import type { ScoreAnswer } from './server-load.ts';

/** Every event id the bench sends is new: the server would skip a repeated one as a duplicate. */
let eventSeq = 0;
const nextId = () => `bench-${process.pid}-${eventSeq++}`;

function eventsBody(ops: readonly GraphOp[]): string {
  const time = Math.floor(Date.now() / 1000);
  const events: GraphEvent[] = ops.map((op) => ({ id: nextId(), time, ops: [op] }));
  return JSON.stringify({ events });
}

export interface IngestResult {
  readonly events: number;
  readonly acked: number;
  /** Batches answered with a non-2xx status or lost to a network error. */
  readonly errors: number;
  /** Each batch's acknowledgement from its scheduled time, µs. */
  readonly hist: Histogram;
  readonly seconds: number;
}

/** Posts `perSecond` events a second, a batch every `everyMs` on a fixed schedule, until stopped. */
export function ingestStream(
  client: HttpClient,
  token: string,
  edges: (n: number) => GraphOp[],
  perSecond: number,
  everyMs = 10,
): { stop(): Promise<IngestResult> } {
  const perBatch = Math.round((perSecond * everyMs) / 1000);
  const hist = new Histogram();
  const pending = new Set<Promise<void>>();
  let events = 0,
    acked = 0,
    errors = 0,
    k = 0,
    stopped = false;
  const t0 = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const post = (scheduled: number) => {
    const body = eventsBody(edges(perBatch));
    events += perBatch;
    const p = client.post('/v1/events', body, token).then(
      ({ status, text }) => {
        if (status < 200 || status >= 300) {
          errors++;
          return;
        }
        hist.record((performance.now() - scheduled) * 1000);
        acked += (JSON.parse(text) as { events: number }).events;
      },
      () => {
        errors++;
      },
    );
    pending.add(p);
    void p.finally(() => pending.delete(p));
  };
  // Batches due while the loop was busy go out at once, late: the schedule does not slip.
  const tick = () => {
    const now = performance.now();
    for (; t0 + k * everyMs <= now; k++) post(t0 + k * everyMs);
    if (!stopped) timer = setTimeout(tick, Math.max(0, t0 + k * everyMs - performance.now()));
  };
  tick();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      const seconds = (performance.now() - t0) / 1000;
      await Promise.all(pending);
      return { events, acked, errors, hist, seconds };
    },
  };
}

export interface Freshness {
  /** Acknowledgement received to the first score answer whose storeVersion includes the event, µs. */
  readonly hist: Histogram;
  /** Probes that saw no such score within STALE_MS. */
  readonly stale: number;
  readonly errors: number;
}

const STALE_MS = 2000;

/**
 * `samples` probes, one every `everyMs`: upsert an account's features, then score that account
 * back to back until the answer's storeVersion reaches the acknowledgement's.
 */
export async function freshness(
  client: HttpClient,
  token: string,
  probe: { account: (k: number) => string; width: number },
  samples: number,
  everyMs = 10,
): Promise<Freshness> {
  const hist = new Histogram();
  let stale = 0,
    errors = 0;
  for (let s = 0; s < samples; s++) {
    const started = performance.now();
    const id = probe.account(s * 7919 + 13);
    const x = Array.from({ length: probe.width }, (_, j) => Math.sin(s + j));
    const ack = await client.post('/v1/events', eventsBody([{ op: 'upsert_node', type: 'account', id, x }]), token);
    const acked = performance.now();
    if (ack.status !== 200) {
      errors++;
      continue;
    }
    const want = (JSON.parse(ack.text) as { storeVersion: number }).storeVersion;
    const body = JSON.stringify({ targets: [{ type: 'account', id }] });
    for (;;) {
      const r = await client.post('/v1/score', body);
      const a = r.status === 200 ? (JSON.parse(r.text) as ScoreAnswer) : undefined;
      if (a && !a.fallback && (a.storeVersion ?? -1) >= want) {
        hist.record((performance.now() - acked) * 1000);
        break;
      }
      if (r.status !== 200 && r.status !== 503) errors++;
      if (performance.now() - acked > STALE_MS) {
        stale++;
        break;
      }
    }
    const wait = started + everyMs - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  return { hist, stale, errors };
}
