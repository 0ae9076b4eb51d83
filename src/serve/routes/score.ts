import type { FastifyInstance } from 'fastify';
import { ScoreError } from '../../schedule/errors.ts';
import type { ScoreOptions } from '../../schedule/request.ts';
import type { Scores } from '../../schedule/scores.ts';
import { decide } from '../decisions.ts';
import { HttpError } from '../errors.ts';
import type { LastScores } from '../last-scores.ts';
import type { ServedModel, ServedModels } from '../served-model.ts';
import type { Metrics } from '../metrics.ts';

const FANOUTS = { type: 'array', maxItems: 8, items: { type: 'integer', minimum: -1 } };

const BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['targets'],
  properties: {
    model: { type: 'string', minLength: 1, maxLength: 200 },
    targets: {
      type: 'array',
      minItems: 1,
      maxItems: 64,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['type', 'id'],
        properties: { type: { type: 'string', minLength: 1 }, id: { type: 'string', minLength: 1, maxLength: 1000 } },
      },
    },
    options: {
      type: 'object',
      additionalProperties: false,
      properties: {
        fanouts: FANOUTS,
        relationFanouts: { type: 'object', additionalProperties: FANOUTS },
        mode: { enum: ['uniform', 'recent'] },
        seed: { type: 'integer' },
        deadlineMs: { type: 'number', exclusiveMinimum: 0, maximum: 60_000 },
        backend: { enum: ['auto', 'cpu', 'webgpu'] },
      },
    },
  },
};

interface Body {
  model?: string;
  targets: { type: string; id: string }[];
  options?: ScoreOptions;
}

export interface ScoreDeps {
  readonly models: ServedModels;
  readonly last: LastScores;
  readonly metrics: Metrics;
  /** A request's deadline when its options give none, ms. */
  readonly deadlineMs: number;
}

/**
 * POST /v1/score: each target's score and decision, from the named model (the default one when
 * none is named). A score that cannot be had by the deadline is answered on time with each
 * target's last score (or null), marked `fallback`; a full queue is a 503 with Retry-After.
 */
export function scoreRoute(app: FastifyInstance, deps: ScoreDeps): void {
  app.post('/v1/score', { schema: { body: BODY }, bodyLimit: 64 * 1024 }, async (req) => {
    const t0 = performance.now();
    const body = req.body as Body;
    const served = deps.models.get(body.model);
    if (!served)
      throw new HttpError(
        404,
        'unknown_model',
        `body.model is ${JSON.stringify(body.model)}, expected one of ${deps.models.names().join(', ')}`,
      );
    const targets = checkTargets(served, body.targets);
    const deadlineMs = body.options?.deadlineMs ?? deps.deadlineMs;
    const work = served.scorer.score(targets, { ...body.options, deadlineMs });
    // The score keeps going after a fallback answer: its result still becomes the targets' last score.
    void work.then(
      (s) => remember(deps.last, s),
      () => undefined,
    );
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<'late'>((ok) => {
      timer = setTimeout(() => ok('late'), Math.max(0, deadlineMs - (performance.now() - t0)));
    });
    try {
      const got = await Promise.race([work, late]);
      if (got === 'late') return fallback(deps, served, body, 'deadline', t0);
      deps.metrics.scored(served, got, (performance.now() - t0) / 1000);
      return answer(served, body, got, t0);
    } catch (e) {
      if (!(e instanceof ScoreError)) throw e;
      if (e.code === 'bad_request') throw new HttpError(400, 'bad_request', e.message);
      if (e.code === 'overloaded') {
        deps.metrics.overloaded(served);
        throw new HttpError(503, 'overloaded', e.message, { 'retry-after': '1' });
      }
      return fallback(deps, served, body, 'deadline', t0);
    } finally {
      clearTimeout(timer);
    }
  });
}

/** The targets by type, each checked against the model and the store, errors naming the body's field. */
function checkTargets(served: ServedModel, list: Body['targets']): Record<string, string[]> {
  const scored = served.model.scoredTypes;
  const store = served.scorer.config.store;
  const targets: Record<string, string[]> = {};
  list.forEach(({ type, id }, i) => {
    if (!scored.includes(type))
      throw new HttpError(
        400,
        'bad_request',
        `body.targets[${i}].type is ${JSON.stringify(type)}, expected ${scored.length > 1 ? `one of ${scored.join(', ')}` : `'${scored[0]}'`} (the types model ${served.name} scores)`,
      );
    if (store.nodes.get(type)!.ids.lookup(id) < 0)
      throw new HttpError(
        400,
        'bad_request',
        `body.targets[${i}].id is ${JSON.stringify(id)}, expected a '${type}' id in the store`,
      );
    const ids = targets[type] ?? [];
    targets[type] = ids;
    ids.push(id);
  });
  return targets;
}

function remember(last: LastScores, s: Scores): void {
  for (const t of s.scores) last.set(t.type, t.id, [...t.score]);
}

const value = (score: Float32Array | number[]): number | number[] => (score.length === 1 ? score[0] : [...score]);

function answer(served: ServedModel, body: Body, s: Scores, t0: number) {
  // Scores come grouped by type; the answer keeps the request's order.
  const byKey = new Map(s.scores.map((t) => [`${t.type}\u0000${t.id}`, t.score]));
  return {
    model: served.name,
    version: served.version,
    variant: 'default',
    fallback: false,
    backend: s.backend,
    storeVersion: s.storeVersion,
    scores: body.targets.map(({ type, id }) => {
      const score = byKey.get(`${type}\u0000${id}`)!;
      return { type, id, score: value(score), decision: decide(score[0], served.thresholds) };
    }),
    batch: s.batch,
    timings: { ...s.timings, server: performance.now() - t0 },
  };
}

function fallback(deps: ScoreDeps, served: ServedModel, body: Body, reason: 'deadline', t0: number) {
  deps.metrics.fellBack(served, reason, (performance.now() - t0) / 1000);
  return {
    model: served.name,
    version: served.version,
    variant: 'default',
    fallback: true,
    reason,
    scores: body.targets.map(({ type, id }) => {
      const last = deps.last.get(type, id);
      return last
        ? {
            type,
            id,
            score: value(last.score),
            decision: decide(last.score[0], served.thresholds),
            scoredAt: new Date(last.at).toISOString(),
          }
        : { type, id, score: null, decision: null, scoredAt: null };
    }),
    timings: { server: performance.now() - t0 },
  };
}
