import type { FastifyInstance } from 'fastify';
import { attentionInto } from '../../explain/attention-into.ts';
import type { Explanation } from '../../explain/explain.ts';
import { writeNeighbourhood } from '../../explain/neighbourhood-file.ts';
import type { Explainer } from '../explainer.node.ts';
import type { ScoreOptions } from '../../schedule/request.ts';
import { decide } from '../decisions.ts';
import { HttpError } from '../errors.ts';
import { hopOf, neighbourhoodOf } from '../neighbourhood.ts';
import type { ServedModels } from '../served-model.ts';
import { known } from './known.ts';

const BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['target'],
  properties: {
    model: { type: 'string', minLength: 1, maxLength: 200 },
    target: {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'id'],
      properties: { type: { type: 'string', minLength: 1 }, id: { type: 'string', minLength: 1, maxLength: 1000 } },
    },
    options: {
      type: 'object',
      additionalProperties: false,
      properties: {
        fanouts: { type: 'array', maxItems: 8, items: { type: 'integer', minimum: -1 } },
        mode: { enum: ['uniform', 'recent', 'weighted', 'top'] },
        seed: { type: 'integer' },
      },
    },
    top: { type: 'integer', minimum: 1, maximum: 1000 },
  },
};

/**
 * POST /v1/explain: why the live version scores a node as it does: its sampled neighbourhood
 * (the one a score samples), each neighbour masked in turn and every variant scored in one
 * batched run on a worker thread (Explainer), never on the event loop that serves scores: the
 * `top` neighbours (default 20) whose removal moves the score most, with ids and hops. The
 * analyst page computes the same explanation with the same function.
 */
export function explainRoute(app: FastifyInstance, deps: { models: ServedModels; explainer: Explainer }): void {
  app.post('/v1/explain', { schema: { body: BODY } }, async (req) => {
    const body = req.body as {
      model?: string;
      target: { type: string; id: string };
      options?: ScoreOptions;
      top?: number;
    };
    const served = (body.model === undefined ? deps.models.entry() : known(deps.models, body.model))!.live;
    const { type, id } = body.target;
    // No score here: the explanation's run on the worker gives it.
    const n = await neighbourhoodOf(served, type, id, body.options);
    let e: Explanation;
    try {
      e = await deps.explainer.explain(served.source, writeNeighbourhood(n));
    } catch (err) {
      if (err instanceof RangeError) throw new HttpError(400, 'bad_request', `body.options: ${err.message}`);
      throw err;
    }
    return {
      model: served.name,
      version: served.version,
      target: { type, id },
      score: e.score,
      decision: decide(e.score, served.thresholds),
      storeVersion: n.storeVersion,
      neighbourhood: Object.values(n.ids).reduce((s, l) => s + l.length, 0),
      variantNodes: e.nodes,
      ms: e.ms,
      neighbours: e.neighbours.slice(0, body.top ?? 20).map((nb) => ({
        type: nb.type,
        id: n.ids[nb.type][nb.row],
        hop: hopOf(n.hops, nb.type, nb.row),
        delta: nb.delta,
      })),
      // Attention layers' coefficients on the edges into the target (none for models without attention).
      attention: attentionInto(e.attention, { type, row: 0 })
        .slice(0, body.top ?? 20)
        .map((a) => ({
          layer: a.layer,
          relation: a.relation,
          source: { type: a.source.type, id: n.ids[a.source.type][a.source.row] },
          alpha: a.alpha,
        })),
    };
  });
}
