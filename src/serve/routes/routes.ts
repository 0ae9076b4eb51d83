import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Metrics } from '../metrics.ts';
import { Route, type RouteSpec } from '../routing.ts';
import type { ServedModels } from '../served-model.ts';
import type { ShadowLog } from '../shadow.node.ts';
import { known } from './known.ts';

const PERCENT = { type: 'number', minimum: 0, maximum: 100 };
const SPLIT = { type: 'object', minProperties: 1, maxProperties: 16, additionalProperties: PERCENT };
const SHADOW = {
  type: 'object',
  additionalProperties: false,
  required: ['version', 'percent'],
  properties: { version: { type: 'string', minLength: 1, maxLength: 64 }, percent: PERCENT },
};
const BODY = {
  type: 'object',
  additionalProperties: false,
  properties: {
    rules: {
      type: 'array',
      maxItems: 64,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['when', 'split'],
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 64 },
          when: {
            type: 'object',
            minProperties: 1,
            maxProperties: 16,
            additionalProperties: {
              anyOf: [{ type: 'string' }, { type: 'array', minItems: 1, maxItems: 256, items: { type: 'string' } }],
            },
          },
          split: SPLIT,
        },
      },
    },
    default: SPLIT,
    shadow: { anyOf: [SHADOW, { type: 'array', maxItems: 4, items: SHADOW }] },
  },
};

/**
 * PUT /v1/routes/{name} (token): model `name`'s gray release (ordered rules on request attributes,
 * each a percentage split of accounts by a stable hash of their id, then a default) and its
 * shadows; it replaces the route in one assignment. GET shows it with the shadows' agreement so
 * far and their latest comparisons; DELETE (token) sends everything to the live version again.
 */
export function routesRoute(
  app: FastifyInstance,
  deps: {
    models: ServedModels;
    metrics: Metrics;
    shadows: ShadowLog;
    guard: (req: FastifyRequest) => Promise<void>;
    saved: () => Promise<void>;
  },
): void {
  const { guard } = deps;
  app.put('/v1/routes/:name', { onRequest: guard, schema: { body: BODY } }, async (req) => {
    const { name } = req.params as { name: string };
    const e = known(deps.models, name);
    const route = new Route(name, req.body as RouteSpec, (v) => e.version(v) !== undefined);
    e.route = route;
    await deps.saved();
    return { name, route: route.spec };
  });

  app.get('/v1/routes/:name', async (req) => {
    const { name } = req.params as { name: string };
    const e = known(deps.models, name);
    const counts = await deps.metrics.shadowCounts(name);
    const latest = deps.shadows.latest(name);
    return {
      name,
      live: e.live.version,
      route: e.route?.spec ?? null,
      shadows: Object.entries(counts).map(([version, c]) => {
        const ms = latest.filter((x) => x.shadow.version === version).map((x) => x.latencyMs);
        return {
          version,
          ...c,
          decisionAgreement: c.compared > 0 ? c.agreed / c.compared : null,
          latencyMs: { recent: ms.length, p50: nearestRank(ms, 0.5), p99: nearestRank(ms, 0.99) },
        };
      }),
      latest: latest.slice(-20),
    };
  });

  app.delete('/v1/routes/:name', { onRequest: guard }, async (req) => {
    const { name } = req.params as { name: string };
    const e = known(deps.models, name);
    e.route = undefined;
    await deps.saved();
    return { name, route: null };
  });
}

function nearestRank(values: number[], q: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil(q * s.length) - 1)];
}
