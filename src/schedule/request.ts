import type { PickMode } from '../sample/pick.ts';
import { liveIndex, type GraphStore } from '../graph/index.ts';
import { resolveFanouts, type SampleOptions } from '../sample/options.ts';
import { ScoreError } from './errors.ts';

/** Where a batch runs: the CPU twin, WebGPU, or by the batch's size (see ScorerConfig.crossoverNodes). */
export type BackendChoice = 'auto' | 'cpu' | 'webgpu';
const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', 'cpu', 'webgpu'];
const MODES = ['uniform', 'recent', 'weighted', 'top'];

/** Node type → external ids to score. */
export type Targets = Readonly<Record<string, readonly string[]>>;

export interface ScoreOptions {
  /** Per hop, the in-edges kept per node and relation; -1 keeps all. Default: the scorer's. */
  readonly fanouts?: readonly number[];
  /** Per relation `src__rel__dst`, fanouts that replace `fanouts` for it. */
  readonly relationFanouts?: Readonly<Record<string, readonly number[]>>;
  /** 'uniform' (seeded, without replacement), 'recent' (newest edges first), 'weighted' or 'top' (by edge weight: SampleOptions.mode). Default 'uniform'. */
  readonly mode?: PickMode;
  /** With the target's id, fixes its sample: the same seed scores the same account the same way. Default 0. */
  readonly seed?: number;
  /** Milliseconds from the call: a score that cannot be had by then is refused with code 'deadline'. */
  readonly deadlineMs?: number;
  readonly backend?: BackendChoice;
}

/** A request checked against the store and the model, before any work. */
export interface CheckedRequest {
  /** [type, id] per target, in the request's order (types in key order, ids in list order). */
  readonly targets: readonly (readonly [string, string])[];
  readonly sample: SampleOptions;
  readonly deadlineMs: number;
  readonly backend: BackendChoice;
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const show = (v: unknown): string => {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
};
const bad = (field: string, value: unknown, expected: string): never => {
  throw new ScoreError('bad_request', `${field} is ${show(value)}, expected ${expected}`);
};

/**
 * Checks a request: every target a node type the model scores and an id the store holds, every
 * option of the right type and range. The first problem is thrown as a ScoreError 'bad_request'
 * naming the field, the value and what was expected; nothing has been sampled or queued yet.
 */
export function checkRequest(
  store: GraphStore,
  scored: readonly string[],
  defaults: Required<Pick<ScoreOptions, 'fanouts' | 'deadlineMs'>>,
  maxTargets: number,
  targets: unknown,
  options: unknown = {},
): CheckedRequest {
  if (!isRecord(targets)) bad('targets', targets, 'an object of node type → list of ids');
  const list: [string, string][] = [];
  for (const [type, ids] of Object.entries(targets as Record<string, unknown>)) {
    if (!scored.includes(type)) bad('targets', type, `a node type the model scores (${scored.join(', ')})`);
    if (!Array.isArray(ids) || ids.length === 0) bad(`targets.${type}`, ids, 'a non-empty list of ids');
    const known = store.nodes.get(type);
    (ids as unknown[]).forEach((id, i) => {
      if (typeof id !== 'string' || id.length === 0) bad(`targets.${type}[${i}]`, id, 'an id (a non-empty string)');
      if (known === undefined || liveIndex(known, id as string) < 0)
        bad(`targets.${type}[${i}]`, id, `a '${type}' id in the store`);
      list.push([type, id as string]);
    });
  }
  if (list.length === 0) bad('targets', targets, 'at least one target');
  if (list.length > maxTargets) bad('targets', `${list.length} targets`, `at most ${maxTargets} in one request`);
  if (!isRecord(options)) bad('options', options, 'an object');
  const o = options as Record<string, unknown>;
  const known = ['fanouts', 'relationFanouts', 'mode', 'seed', 'deadlineMs', 'backend'];
  for (const k of Object.keys(o))
    if (!known.includes(k)) bad(`options.${k}`, o[k], `no such option (${known.join(', ')})`);
  const fanouts = o.fanouts ?? defaults.fanouts;
  checkFanouts('options.fanouts', fanouts);
  const relationFanouts = o.relationFanouts;
  if (relationFanouts !== undefined) {
    if (!isRecord(relationFanouts)) bad('options.relationFanouts', relationFanouts, 'an object of relation → fanouts');
    for (const [rel, f] of Object.entries(relationFanouts as Record<string, unknown>)) {
      if (!store.relations.has(rel))
        bad('options.relationFanouts', rel, `a relation of the store (${[...store.relations.keys()].join(', ')})`);
      checkFanouts(`options.relationFanouts.${rel}`, f);
      if ((f as unknown[]).length !== (fanouts as unknown[]).length)
        bad(`options.relationFanouts.${rel}`, f, `${(fanouts as unknown[]).length} hops, as fanouts`);
    }
  }
  if (o.mode !== undefined && !MODES.includes(o.mode as string))
    bad('options.mode', o.mode, `one of ${MODES.join(', ')}`);
  if (o.seed !== undefined && !(Number.isInteger(o.seed) && (o.seed as number) >= 0 && (o.seed as number) < 2 ** 32))
    bad('options.seed', o.seed, 'an integer in [0, 2^32)');
  const deadlineMs = o.deadlineMs ?? defaults.deadlineMs;
  if (typeof deadlineMs !== 'number' || !(deadlineMs > 0) || !Number.isFinite(deadlineMs))
    bad('options.deadlineMs', deadlineMs, 'a positive number of milliseconds');
  const backend = o.backend ?? 'auto';
  if (!BACKEND_CHOICES.includes(backend as BackendChoice))
    bad('options.backend', backend, `one of ${BACKEND_CHOICES.join(', ')}`);
  const sample: SampleOptions = {
    fanouts: fanouts as number[],
    relationFanouts: relationFanouts as SampleOptions['relationFanouts'],
    mode: (o.mode as SampleOptions['mode']) ?? 'uniform',
    seed: (o.seed as number) ?? 0,
  };
  // The weight-reading modes need weights on every relation they sample: refused here, not mid-run.
  if (sample.mode === 'weighted' || sample.mode === 'top') {
    try {
      resolveFanouts(store, sample);
    } catch (e) {
      throw new ScoreError('bad_request', `options.${(e as Error).message}`);
    }
  }
  return {
    targets: list,
    sample,
    deadlineMs: deadlineMs as number,
    backend: backend as BackendChoice,
  };
}

function checkFanouts(field: string, f: unknown): void {
  if (!Array.isArray(f) || f.length === 0) bad(field, f, 'a non-empty list of integers, one per hop');
  (f as unknown[]).forEach((n, h) => {
    if (!Number.isInteger(n) || (n as number) < -1)
      bad(`${field}[${h}]`, n, 'an integer >= 0, or -1 for every neighbour');
  });
}
