import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../metrics.ts';

/** GET /healthz (the process answers), GET /readyz (serving: 503 while starting or draining), GET /v1/stats (requests in flight, counters). */
export function healthRoutes(
  app: FastifyInstance,
  state: { readonly ready: boolean; readonly inFlight: number; readonly metrics: Metrics },
): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    if (!state.ready) return reply.status(503).send({ status: 'not ready' });
    return { status: 'ready' };
  });
  // inFlight counts this request too.
  app.get('/v1/stats', async () => ({ inFlight: state.inFlight, ...(await state.metrics.snapshot()) }));
}
