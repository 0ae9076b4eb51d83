import type { FastifyInstance } from 'fastify';
import type { ServedModels } from '../served-model.ts';

/** GET /v1/models: every served model, the one answering by default first. */
export function modelsRoute(app: FastifyInstance, models: ServedModels): void {
  app.get('/v1/models', async () => ({
    models: models.all().map((m) => ({
      name: m.name,
      version: m.version,
      default: m === models.get(),
      scoredTypes: m.model.scoredTypes,
      hops: m.model.hops,
      layers: String(m.model),
      thresholds: m.thresholds,
      fanouts: m.scorer.fanouts,
      loadedAt: m.loadedAt,
    })),
  }));
}
