import type { FastifyInstance } from 'fastify';
import type { LastScores } from '../last-scores.ts';
import { goldenTargets } from '../load/golden-targets.ts';
import type { ServedModels } from '../served-model.ts';
import { known } from './known.ts';

const QUERY = {
  type: 'object',
  additionalProperties: false,
  properties: {
    model: { type: 'string', minLength: 1, maxLength: 200 },
    type: { type: 'string', minLength: 1, maxLength: 200 },
    n: { type: 'string', pattern: '^([1-9]\\d{0,2}|1000)$' },
  },
};

/** Scored to fill the list when the server has scored fewer nodes than asked for: a spread over the store. */
const SEED_TARGETS = 256;

/**
 * GET /v1/risk/top?type=&n=20: the highest last scores the server has given (the analyst page's
 * list of accounts to look at first). A server that has scored fewer than `n` such nodes first
 * scores a spread of the store's (256, through the live version's Scorer) so the list is never empty.
 */
export function riskRoute(app: FastifyInstance, deps: { models: ServedModels; last: LastScores }): void {
  app.get('/v1/risk/top', { schema: { querystring: QUERY } }, async (req) => {
    const q = req.query as { model?: string; type?: string; n?: string };
    const served = (q.model === undefined ? deps.models.entry() : known(deps.models, q.model))!.live;
    const type = q.type ?? served.model.scoredTypes[0];
    const n = Number(q.n ?? 20);
    if (served.model.scoredTypes.includes(type) && deps.last.count(type) < n) {
      const ids = goldenTargets(served.scorer.config.store, type, SEED_TARGETS);
      for (let i = 0; i < ids.length; i += 64)
        deps.last.keep(await served.scorer.score({ [type]: ids.slice(i, i + 64) }, { deadlineMs: 30_000 }));
    }
    return { model: served.name, version: served.version, type, accounts: deps.last.top(type, n) };
  });
}
