import type { ScoreOptions } from '../../schedule/request.ts';
import { HttpError } from '../errors.ts';

/** Sampling options in a query string: `fanouts=10,5`, `mode`, `seed`. */
export const SAMPLE_QUERY = {
  type: 'object',
  additionalProperties: false,
  properties: {
    model: { type: 'string', minLength: 1, maxLength: 200 },
    fanouts: { type: 'string', pattern: '^-?\\d+(,-?\\d+){0,7}$' },
    mode: { enum: ['uniform', 'recent', 'weighted', 'top'] },
    seed: { type: 'string', pattern: '^\\d{1,10}$' },
  },
};

export function sampleOptions(q: Record<string, string | undefined>): ScoreOptions {
  const seed = q.seed === undefined ? undefined : Number(q.seed);
  if (seed !== undefined && seed >= 2 ** 32)
    throw new HttpError(400, 'bad_request', `querystring.seed is ${q.seed}, expected an integer in [0, 2^32)`);
  return {
    ...(q.fanouts ? { fanouts: q.fanouts.split(',').map(Number) } : {}),
    ...(q.mode ? { mode: q.mode as ScoreOptions['mode'] } : {}),
    ...(seed !== undefined ? { seed } : {}),
  };
}
