import type { GraphStore } from '../../graph/index.ts';
import { loadModel } from '../../model/load.node.ts';
import type { Backend } from '../../runtime/ops.ts';
import { Scorer } from '../../schedule/scorer.ts';
import type { Scores } from '../../schedule/scores.ts';
import { decide, type Thresholds } from '../decisions.ts';
import type { ServedModel } from '../served-model.ts';
import { type BundleReport, BundleCheck } from './bundle-check.node.ts';
import { goldenTargets } from './golden-targets.ts';

/** What trying a version found, returned to whoever offered it. */
export interface TryReport {
  readonly bundle: BundleReport;
  readonly warmUpMs: number;
  /** The live-store golden batch: accounts scored, and against the live version (when there is one). */
  readonly golden: {
    readonly targets: number;
    readonly vsLive?: { readonly version: string; readonly maxAbsDiff: number; readonly decisionsAgree: number };
  };
}

/** Why a version was refused (the old one keeps serving). */
export class RefusedVersion extends Error {}

const GOLDEN_SEED = 20_240_601;

/**
 * Loads model versions for the server: each is checked (its model.json against its weights and
 * its bundled golden graph, in a worker), given its own Scorer over the live store, warmed up
 * (pipelines compiled, weights uploaded), and scored on a golden batch of stored accounts, which
 * must give finite scores. Only then may it serve.
 */
export class VersionLoader {
  private readonly bundles = new BundleCheck();

  constructor(private readonly deps: { store: GraphStore; gpus: readonly Backend[]; deadlineMs: number }) {}

  /** A ready version of `name`, not serving yet; RefusedVersion says why not. */
  async load(
    name: string,
    version: string,
    dir: string,
    thresholds: Thresholds,
    live?: ServedModel,
  ): Promise<{ served: ServedModel; report: TryReport }> {
    let bundle: BundleReport;
    try {
      bundle = await this.bundles.check(dir);
    } catch (e) {
      throw new RefusedVersion(`${name} version ${version} from ${dir}: ${(e as Error).message}`);
    }
    const model = await loadModel(dir);
    const scorer = new Scorer({
      model,
      version,
      store: this.deps.store,
      webgpu: this.deps.gpus,
      deadlineMs: this.deps.deadlineMs,
    });
    const served: ServedModel = {
      name,
      version,
      model,
      scorer,
      thresholds,
      loadedAt: new Date().toISOString(),
      source: dir,
    };
    const type = model.scoredTypes[0];
    const ids = goldenTargets(this.deps.store, type);
    let warmUpMs = 0;
    let mine: Scores | undefined;
    try {
      if (ids.length > 0) {
        const t0 = performance.now();
        await scorer.warmUp({ [type]: ids.slice(0, 1) });
        warmUpMs = performance.now() - t0;
        mine = await oneByOne(scorer, type, ids);
      }
    } catch (e) {
      void this.release(served);
      throw new RefusedVersion(
        `${name} version ${version} cannot score the store's '${type}' accounts: ${(e as Error).message}`,
      );
    }
    const bad = mine?.scores.find((t) => t.score.length === 0 || !t.score.every(Number.isFinite));
    if (bad) {
      void this.release(served);
      throw new RefusedVersion(
        `${name} version ${version} scores ${type} ${JSON.stringify(bad.id)} as [${[...bad.score].join(', ')}], expected finite numbers`,
      );
    }
    const vsLive = mine && live ? await compare(mine, live, type, ids, thresholds) : undefined;
    return { served, report: { bundle, warmUpMs, golden: { targets: ids.length, vsLive } } };
  }

  /** Frees a version's GPU weights once its scorer has finished what it was given. */
  async release(m: ServedModel): Promise<number> {
    await m.scorer.idle();
    let freed = 0;
    for (const g of this.deps.gpus) freed += g.release?.(m.model) ?? 0;
    return freed;
  }

  close(): Promise<void> {
    return this.bundles.close();
  }
}

/**
 * The golden batch scored one account at a time, each its own run with a turn of the event loop
 * between: one run of all of them would hold the loop (and every request waiting on it) for as long.
 */
async function oneByOne(scorer: Scorer, type: string, ids: readonly string[]): Promise<Scores> {
  const scores: Scores['scores'][number][] = [];
  let last: Scores | undefined;
  for (const id of ids) {
    last = await scorer.score({ [type]: [id] }, { seed: GOLDEN_SEED, deadlineMs: 30_000 });
    scores.push(...last.scores);
  }
  return { ...last!, scores };
}

/** The live version on the same golden batch (same sampling seed): how far apart, how often the decisions agree. */
async function compare(
  mine: Scores,
  live: ServedModel,
  type: string,
  ids: readonly string[],
  thresholds: Thresholds,
): Promise<TryReport['golden']['vsLive']> {
  let theirs: Scores;
  try {
    theirs = await oneByOne(live.scorer, type, ids);
  } catch {
    return undefined;
  }
  let maxAbsDiff = 0,
    agree = 0;
  mine.scores.forEach((t, i) => {
    const o = theirs.scores[i].score[0];
    maxAbsDiff = Math.max(maxAbsDiff, Math.abs(t.score[0] - o));
    if (decide(t.score[0], thresholds) === decide(o, live.thresholds)) agree++;
  });
  return { version: live.version, maxAbsDiff, decisionsAgree: agree / mine.scores.length };
}
