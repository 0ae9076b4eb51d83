import type { FastifyInstance } from 'fastify';
import { writeNeighbourhood } from '../../explain/neighbourhood-file.ts';
import type { Backend } from '../../runtime/ops.ts';
import { neighbourhoodOf } from '../neighbourhood.ts';
import type { ServedModels } from '../served-model.ts';
import { known } from './known.ts';
import { sampleOptions, SAMPLE_QUERY } from './sample-query.ts';

/**
 * GET /v1/neighbourhood/{type}/{id}?model=&fanouts=10,5&mode=&seed=: the node's sampled k-hop
 * neighbourhood, exactly as a score samples it, as one binary payload (safetensors: the graph in
 * the fixtures' layout; node ids, hops and the server's score of the target in its metadata;
 * read with readNeighbourhood). A page scores it in place and compares.
 */
export function neighbourhoodRoute(app: FastifyInstance, deps: { models: ServedModels; cpu: Backend }): void {
  app.get('/v1/neighbourhood/:type/:id', { schema: { querystring: SAMPLE_QUERY } }, async (req, reply) => {
    const { type, id } = req.params as { type: string; id: string };
    const q = req.query as Record<string, string | undefined>;
    const served = (q.model === undefined ? deps.models.entry() : known(deps.models, q.model))!.live;
    const n = await neighbourhoodOf(served, type, id, sampleOptions(q), deps.cpu);
    void reply.header('content-type', 'application/octet-stream').header('cache-control', 'no-store');
    return Buffer.from(writeNeighbourhood(n));
  });
}
