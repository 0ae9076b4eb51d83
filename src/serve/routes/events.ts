import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { DurableStore } from '../../graph/index.node.ts';
import type { Metrics } from '../metrics.ts';
import { HttpError } from '../errors.ts';

/**
 * POST /v1/events (bearer token): a batch of graph events, {events: [...]} or the list itself.
 * Checked whole first (a bad event refuses the batch with a 400 naming its field and value, and
 * nothing is stored); answered only once the batch is in the write-ahead log and applied, with how
 * many events were applied and how many were duplicates (an event id seen before changes nothing).
 */
export function eventsRoute(
  app: FastifyInstance,
  deps: { ds: DurableStore; metrics: Metrics; guard: (req: FastifyRequest) => Promise<void> },
): void {
  app.post('/v1/events', { onRequest: deps.guard, bodyLimit: 16 * 1024 * 1024 }, async (req) => {
    const body = req.body as unknown;
    const events =
      body !== null && typeof body === 'object' && !Array.isArray(body) && 'events' in body
        ? (body as { events: unknown }).events
        : body;
    if (Array.isArray(events) && events.length === 0)
      throw new HttpError(400, 'bad_request', 'body.events is [], expected at least one event');
    let bytes: Uint8Array;
    try {
      bytes = deps.ds.store.encode(events);
    } catch (e) {
      throw new HttpError(400, 'bad_request', (e as Error).message);
    }
    let done: Awaited<ReturnType<DurableStore['ingestEncoded']>>;
    try {
      done = await deps.ds.ingestEncoded(bytes);
    } catch (e) {
      req.log.error({ err: e }, 'ingest failed');
      throw new HttpError(503, 'store_unavailable', `the batch was not stored: ${(e as Error).message}`);
    }
    deps.metrics.ingested(done.events - done.duplicates, done.duplicates);
    return {
      seq: done.seq,
      events: done.events,
      applied: done.events - done.duplicates,
      duplicates: done.duplicates,
      storeVersion: done.version,
    };
  });
}
