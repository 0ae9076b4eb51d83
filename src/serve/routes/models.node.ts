import { readFile, rm } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { checkThresholds, type Thresholds } from '../decisions.ts';
import { HttpError } from '../errors.ts';
import { BUNDLE_FILES, checkName, writeBundle } from '../load/upload.node.ts';
import { RefusedVersion, type VersionLoader } from '../load/version-loader.node.ts';
import type { Metrics } from '../metrics.ts';
import type { ServedModel, ServedModels } from '../served-model.ts';
import { known } from './known.ts';

export interface ModelsDeps {
  readonly models: ServedModels;
  readonly loader: VersionLoader;
  readonly metrics: Metrics;
  /** The write routes' token check, run before the body is read. */
  readonly guard: (req: FastifyRequest) => Promise<void>;
  /** Where uploaded bundles are written: root/name/version. */
  readonly root: string;
  readonly thresholds: Thresholds;
  /** Saves what is served, for the next start. */
  readonly saved: () => Promise<void>;
  readonly log: (line: string) => void;
}

const PUT_BODY = {
  type: 'object',
  additionalProperties: false,
  properties: {
    dir: { type: 'string', minLength: 1, maxLength: 4096 },
    files: {
      type: 'object',
      maxProperties: BUNDLE_FILES.length,
      additionalProperties: { type: 'string' },
    },
    thresholds: {
      type: 'object',
      additionalProperties: false,
      required: ['review', 'block'],
      properties: { review: { type: 'number' }, block: { type: 'number' } },
    },
    live: { type: 'boolean' },
  },
};

/**
 * GET /v1/models; PUT /v1/models/{name}/versions/{v} (token): load a version from a directory
 * (`dir`) or an uploaded bundle (`files`: name → base64), check it, warm it up, try it on a golden
 * batch, then make it live in one assignment (or keep it on standby, `live: false`, for a route's
 * split or shadow); a refused version changes nothing. DELETE /v1/models/{name}/versions/{v}
 * (token) retires a standby version. A retired version's GPU weights are freed once its last run ends.
 */
export function modelsRoute(app: FastifyInstance, deps: ModelsDeps): void {
  const { models } = deps;
  const { guard } = deps;
  // One version loads at a time: two swaps of one model racing would leave either live.
  let turn: Promise<unknown> = Promise.resolve();
  const serially = <T>(f: () => Promise<T>): Promise<T> => {
    const run = turn.then(f, f);
    turn = run.catch(() => undefined);
    return run;
  };

  app.get('/v1/models', async () => ({
    models: models.entries().map((e) => ({
      ...describe(e.live),
      default: e === models.entry(),
      versions: [
        ...e.versions().map((m) => ({
          version: m.version,
          state: e.state(m.version),
          source: m.source,
          loadedAt: m.loadedAt,
          thresholds: m.thresholds,
        })),
        ...e.retired.slice(-20).map((r) => ({ ...r, state: 'retired' })),
      ],
      route: e.route?.spec ?? null,
    })),
  }));

  // The live version's files, for a page that scores in place: revalidated by ETag, so a swap shows at once.
  app.get('/v1/models/:name/files/:file', async (req, reply) => {
    const { name, file } = req.params as { name: string; file: string };
    const live = known(models, name).live;
    if (file !== 'model.json' && file !== 'weights.safetensors')
      throw new HttpError(
        404,
        'not_found',
        `file is ${JSON.stringify(file)}, expected model.json or weights.safetensors`,
      );
    const etag = `"${live.name}@${live.version}/${file}"`;
    void reply.header('etag', etag).header('cache-control', 'no-cache');
    if (req.headers['if-none-match'] === etag) return reply.status(304).send();
    void reply.header('content-type', file === 'model.json' ? 'application/json' : 'application/octet-stream');
    return readFile(join(live.source, file));
  });

  app.put(
    '/v1/models/:name/versions/:version',
    { onRequest: guard, schema: { body: PUT_BODY }, bodyLimit: 512 * 1024 * 1024 },
    async (req) => {
      const { name, version } = req.params as { name: string; version: string };
      checkName(name, 'name');
      checkName(version, 'version');
      const body = req.body as {
        dir?: string;
        files?: Record<string, string>;
        thresholds?: Thresholds;
        live?: boolean;
      };
      if ((body.dir === undefined) === (body.files === undefined))
        throw new HttpError(
          400,
          'bad_request',
          `body has ${body.dir === undefined ? 'neither dir nor files' : 'both dir and files'}, expected one: a model directory on the server, or files (model.json and weights.safetensors in base64)`,
        );
      if (body.dir !== undefined && !isAbsolute(body.dir))
        throw new HttpError(400, 'bad_request', `body.dir is ${JSON.stringify(body.dir)}, expected an absolute path`);
      if (body.thresholds) {
        try {
          checkThresholds(body.thresholds, 'body.thresholds');
        } catch (e) {
          throw new HttpError(400, 'bad_request', (e as Error).message);
        }
      }
      return serially(() => offer(deps, name, version, body));
    },
  );

  app.delete('/v1/models/:name/versions/:version', { onRequest: guard }, async (req) => {
    const { name, version } = req.params as { name: string; version: string };
    const e = known(models, name);
    const state = e.state(version);
    if (state === undefined || state === 'retired')
      throw new HttpError(404, 'unknown_version', `${name} has no loaded version ${JSON.stringify(version)}`);
    if (e.inUse(version))
      throw new HttpError(
        409,
        'version_in_use',
        `${name} version ${version} is ${state === 'live' ? 'live' : "named by the model's route"}: swap or reroute first`,
      );
    const m = e.retire(version)!;
    await deps.saved();
    const freedBytes = await deps.loader.release(m);
    return { name, version, state: 'retired', freedBytes };
  });
}

async function offer(
  deps: ModelsDeps,
  name: string,
  version: string,
  body: { dir?: string; files?: Record<string, string>; thresholds?: Thresholds; live?: boolean },
) {
  const entry = deps.models.entry(name);
  if (entry?.state(version) !== undefined)
    throw new HttpError(
      409,
      'version_exists',
      `${name} version ${version} is ${entry.state(version)}, expected a new version`,
    );
  const dir = body.dir ?? (await writeBundle(deps.root, name, version, body.files!));
  const live = body.live ?? true;
  let loaded: Awaited<ReturnType<VersionLoader['load']>>;
  try {
    loaded = await deps.loader.load(
      name,
      version,
      resolve(dir),
      body.thresholds ?? entry?.live.thresholds ?? deps.thresholds,
      entry?.live,
    );
  } catch (e) {
    deps.metrics.loaded(name, 'refused');
    // A refused upload leaves nothing behind: the same version may be offered again, fixed.
    if (body.files) await rm(dir, { recursive: true, force: true });
    if (e instanceof RefusedVersion)
      throw new HttpError(422, 'model_refused', `${e.message}; the serving version is unchanged`);
    throw new HttpError(
      422,
      'model_refused',
      `${name} version ${version} from ${dir}: ${(e as Error).message}; the serving version is unchanged`,
    );
  }
  const { served, report } = loaded;
  let previous: ServedModel | undefined;
  if (entry) previous = entry.add(served, live);
  else deps.models.add(served);
  // A version of a new name is live whatever was asked: there is nothing else to answer with.
  const isLive = live || !entry;
  deps.metrics.loaded(name, isLive ? 'swapped' : 'standby');
  await deps.saved();
  let freedBytes = 0;
  if (entry && previous) {
    // Requests that took the old version finish on it; its weights go once its scorer is idle.
    const old = entry.retire(previous.version);
    if (old) freedBytes = await deps.loader.release(old);
  }
  deps.log(
    `${name} version ${version} ${isLive ? 'is live' : 'is on standby'}${previous ? ` (was ${previous.version})` : ''}, from ${dir}`,
  );
  return {
    name,
    version,
    state: entry?.state(version) ?? 'live',
    live: isLive,
    previous: previous?.version ?? null,
    source: dir,
    loadedAt: served.loadedAt,
    warmUpMs: report.warmUpMs,
    bundle: report.bundle,
    golden: report.golden,
    freedBytes,
  };
}

function describe(m: ServedModel) {
  return {
    name: m.name,
    version: m.version,
    scoredTypes: m.model.scoredTypes,
    hops: m.model.hops,
    layers: String(m.model),
    thresholds: m.thresholds,
    fanouts: m.scorer.fanouts,
    loadedAt: m.loadedAt,
    source: m.source,
  };
}
