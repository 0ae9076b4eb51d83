import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ScoreError } from '../../schedule/errors.ts';
import type { ScoreOptions } from '../../schedule/request.ts';
import type { Scores } from '../../schedule/scores.ts';
import { decide } from '../decisions.ts';
import { HttpError } from '../errors.ts';
import type { LastScores } from '../last-scores.ts';
import type { ServedModel, ServedModels } from '../served-model.ts';
import type { Metrics } from '../metrics.ts';
import type { Answered, ShadowLog } from '../shadow.node.ts';
import { addTarget } from '../targets.ts';
import type { LoopLag } from '../loop-lag.ts';

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
    attributes: {
      type: 'object',
      maxProperties: 32,
      additionalProperties: { type: 'string', maxLength: 200 },
    },
    options: {
      type: 'object',
      additionalProperties: false,
      properties: {
        fanouts: FANOUTS,
        relationFanouts: { type: 'object', additionalProperties: FANOUTS },
        mode: { enum: ['uniform', 'recent', 'weighted', 'top'] },
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
  attributes?: Record<string, string>;
  options?: ScoreOptions;
}

export interface ScoreDeps {
  readonly models: ServedModels;
  readonly last: LastScores;
  readonly metrics: Metrics;
  readonly shadows: ShadowLog;
  /** A request's deadline when its options give none, ms. */
  readonly deadlineMs: number;
  /** Past its limit, new scores are refused (503) before their body is read. */
  readonly lag: LoopLag;
  /** Score requests handled at once, at most: past it a new one is refused (503) before its body is read. */
  readonly maxPending: number;
}

/** The targets one version scores for one request: where they sit in the request, and the result once in. */
interface Group {
  readonly served: ServedModel;
  readonly variant: string;
  readonly at: number[];
  readonly targets: Record<string, string[]>;
  got?: Scores;
}

/**
 * POST /v1/score: each target's score and decision. The model's route (gray release) picks each
 * target's version by its id, else the live version answers; the versions' runs go ahead side by
 * side. A score that cannot be had by the deadline is answered on time with the target's last
 * score (or null), marked `fallback`; a full queue is a 503 with Retry-After. Shadow versions score
 * their share after the answer is sent.
 */
export function scoreRoute(app: FastifyInstance, deps: ScoreDeps): void {
  // Score requests between their headers and their answer (or their connection's end).
  let pending = 0;
  /** Refused before the body is read, counted by why. */
  const refuse = (code: 'behind' | 'busy', why: string): never => {
    deps.metrics.shed(code);
    throw overloaded(`${why}: retry later`);
  };
  const shed = async (_req: FastifyRequest, reply: FastifyReply) => {
    if (deps.lag.behind) refuse('behind', `the server is ${Math.round(deps.lag.ms)} ms behind (its event loop)`);
    // A server past its throughput takes requests in as fast as its clients send them and answers
    // them ever later: its loop is busy, never behind. The requests in hand are that queue.
    if (pending >= deps.maxPending)
      refuse('busy', `the server is handling ${pending} score requests, its most at once (--max-pending)`);
    pending++;
    reply.raw.once('close', () => pending--);
  };
  app.post('/v1/score', { onRequest: shed, schema: { body: BODY }, bodyLimit: 64 * 1024 }, async (req) => {
    const t0 = performance.now();
    const body = req.body as Body;
    const entry = deps.models.entry(body.model);
    if (!entry)
      throw new HttpError(
        404,
        'unknown_model',
        `body.model is ${JSON.stringify(body.model)}, expected one of ${deps.models.names().join(', ')}`,
      );
    // The entry's state, read once: a swap or a new route from here on is for later requests.
    const { live, route } = entry;
    checkTargets(live, body.targets);
    const groups = new Map<string, Group>();
    body.targets.forEach(({ type, id }, i) => {
      const pick = route?.pick(body.attributes, id) ?? { version: 'live', variant: 'default' };
      const served = pick.version === 'live' ? live : (entry.version(pick.version) ?? live);
      const key = `${served.version}\u0000${pick.variant}`;
      const g = groups.get(key) ?? { served, variant: pick.variant, at: [], targets: {} };
      groups.set(key, g);
      g.at.push(i);
      addTarget(g.targets, type, id);
    });
    const deadlineMs = body.options?.deadlineMs ?? deps.deadlineMs;
    const work = Promise.all(
      [...groups.values()].map((g) => {
        const w = g.served.scorer.score(g.targets, { ...body.options, deadlineMs });
        // A score keeps going after a fallback answer: its result still becomes the targets' last score.
        void w.then(
          (s) => {
            g.got = s;
            deps.last.keep(s);
          },
          () => undefined,
        );
        return w;
      }),
    );
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<'late'>((ok) => {
      timer = setTimeout(() => ok('late'), Math.max(0, deadlineMs - (performance.now() - t0)));
    });
    try {
      await Promise.race([work, late]);
      const out = answer(deps, entry.name, body, [...groups.values()], t0);
      if (route && route.shadows.length > 0) deps.shadows.shadow(entry, route, out.answered, body.options);
      return out.body;
    } catch (e) {
      if (!(e instanceof ScoreError)) throw e;
      if (e.code === 'bad_request') throw new HttpError(400, 'bad_request', e.message);
      if (e.code === 'overloaded') {
        for (const g of groups.values()) deps.metrics.overloaded(g.served);
        throw overloaded(e.message);
      }
      return answer(deps, entry.name, body, [...groups.values()], t0).body;
    } finally {
      clearTimeout(timer);
    }
  });
}

/** A 503 that says when to come back: the server cannot take this score now. */
const overloaded = (message: string) => new HttpError(503, 'overloaded', message, { 'retry-after': '1' });

/** The targets by type, each checked against the model and the store, errors naming the body's field. */
function checkTargets(served: ServedModel, list: Body['targets']): void {
  const scored = served.model.scoredTypes;
  const store = served.scorer.config.store;
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
  });
}

const value = (score: Float32Array | number[]): number | number[] => (score.length === 1 ? score[0] : [...score]);

/**
 * The answer in the request's order: each target from its version's scores, or (when its
 * version's run had not finished by the deadline) its last score marked as a fallback. Top-level model,
 * version, variant, backend, batch and timings are the first target's.
 */
function answer(deps: ScoreDeps, model: string, body: Body, groups: Group[], t0: number) {
  const seconds = (performance.now() - t0) / 1000;
  const scores: unknown[] = new Array(body.targets.length);
  const answered: Answered[] = [];
  let fellBack = false;
  for (const g of groups) {
    const { served, variant, got } = g;
    const common = { version: served.version, variant };
    if (got) deps.metrics.scored(served, variant, got, seconds);
    else deps.metrics.fellBack(served, variant, 'deadline', seconds);
    const byKey = got && new Map(got.scores.map((t) => [`${t.type}\u0000${t.id}`, t.score]));
    for (const i of g.at) {
      const { type, id } = body.targets[i];
      const score = byKey?.get(`${type}\u0000${id}`);
      if (score) {
        scores[i] = {
          type,
          id,
          score: value(score),
          decision: decide(score[0], served.thresholds),
          ...common,
          fallback: false,
        };
        answered.push({ type, id, version: served.version, score: score[0] });
        continue;
      }
      fellBack = true;
      const last = deps.last.get(type, id);
      scores[i] = last
        ? {
            type,
            id,
            score: value(last.score),
            decision: decide(last.score[0], served.thresholds),
            ...common,
            fallback: true,
            scoredAt: new Date(last.at).toISOString(),
          }
        : { type, id, score: null, decision: null, ...common, fallback: true, scoredAt: null };
    }
  }
  const first = groups.find((g) => g.at.includes(0))!;
  const s = first.got;
  return {
    answered,
    body: {
      model,
      version: first.served.version,
      variant: first.variant,
      fallback: fellBack,
      ...(fellBack ? { reason: 'deadline' } : {}),
      ...(s ? { backend: s.backend, storeVersion: s.storeVersion, batch: s.batch } : {}),
      scores,
      timings: { ...s?.timings, server: performance.now() - t0 },
    },
  };
}
