import type { Backend } from '../runtime/ops.ts';
import type { Neighbourhood } from '../explain/neighbourhood-file.ts';
import type { Sample } from '../sample/sampler.ts';
import { ScoreError } from '../schedule/errors.ts';
import type { ScoreOptions } from '../schedule/request.ts';
import { HttpError } from './errors.ts';
import type { ServedModel } from './served-model.ts';

/**
 * The neighbourhood `served` samples for node (type, id), as score() samples it, with its node
 * ids, hops and, when a `backend` is given, the model's score of the target on exactly that graph
 * (a run on the event loop; left out, `score` is empty). Unknown ids are a 404, bad options a 400,
 * naming the field.
 */
export async function neighbourhoodOf(
  served: ServedModel,
  type: string,
  id: string,
  options: ScoreOptions | undefined,
  backend?: Backend,
): Promise<Neighbourhood> {
  const store = served.scorer.config.store;
  const nodes = store.nodes.get(type);
  if (!served.model.scoredTypes.includes(type))
    throw new HttpError(
      400,
      'bad_request',
      `type is ${JSON.stringify(type)}, expected one of ${served.model.scoredTypes.join(', ')} (the types model ${served.name} scores)`,
    );
  if (!nodes || nodes.ids.lookup(id) < 0)
    throw new HttpError(404, 'unknown_node', `no '${type}' with id ${JSON.stringify(id.slice(0, 100))} in the store`);
  let sample: Sample;
  try {
    sample = served.scorer.neighbourhood(type, id, options);
  } catch (e) {
    if (e instanceof ScoreError) throw new HttpError(400, 'bad_request', e.message);
    throw e;
  }
  const ids: Record<string, string[]> = {};
  for (const [t, rows] of sample.rows) {
    const table = store.nodes.get(t)!.ids;
    ids[t] = Array.from(rows, (r) => table.idOf(r));
  }
  const hops: Record<string, number[]> = {};
  for (const [t, h] of sample.batch.hopRows ?? []) hops[t] = [...h];
  let score: number[] = [];
  if (backend) {
    const m = (await served.model.run(sample.batch, { backend })).get(
      served.model.graph.hetero ? `out.${type}` : 'out',
    )!;
    score = [...m.data.subarray(0, m.cols)];
  }
  return {
    batch: sample.batch,
    target: { type, id },
    ids,
    hops,
    model: served.name,
    version: served.version,
    storeVersion: sample.version,
    score,
  };
}

/** The hop at which row `row` of a type was first reached (0 = the target). */
export function hopOf(hops: Readonly<Record<string, readonly number[]>>, type: string, row: number): number {
  const h = hops[type] ?? [];
  const at = h.findIndex((n) => row < n);
  return at < 0 ? h.length : at;
}
