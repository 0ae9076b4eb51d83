import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { DurableStore } from '../graph/index.node.ts';
import { Metrics } from './metrics.ts';
import type { Backend } from '../runtime/ops.ts';
import { HttpError, schemaErrorMessage, sendError } from './errors.ts';
import { flatbuffersBodies } from './flatbuffers/plugin.ts';
import { LastScores } from './last-scores.ts';
import { eventsRoute } from './routes/events.ts';
import { healthRoutes } from './routes/health.ts';
import { modelsRoute } from './routes/models.node.ts';
import { routesRoute } from './routes/routes.ts';
import { explainRoute } from './routes/explain.ts';
import { Explainer } from './explainer.node.ts';
import { riskRoute } from './routes/risk.ts';
import { demoRoute } from './routes/demo.node.ts';
import { neighbourhoodRoute } from './routes/neighbourhood.ts';
import { CpuBackend } from '../backend/cpu-backend.ts';
import { ShadowLog } from './shadow.node.ts';
import { LoopLag } from './loop-lag.ts';
import type { VersionLoader } from './load/version-loader.node.ts';
import type { Thresholds } from './decisions.ts';
import { scoreRoute } from './routes/score.ts';
import type { ServedModels } from './served-model.ts';
import { bearerMatches } from './token.node.ts';

export interface AppDeps {
  readonly ds: DurableStore;
  readonly models: ServedModels;
  readonly loader: VersionLoader;
  readonly token: string;
  readonly deadlineMs: number;
  /** Score requests handled at once, at most (a new one past it is a 503). Default DEFAULT_MAX_PENDING. */
  readonly maxPending?: number;
  /** Thresholds of a new model name offered without its own. */
  readonly thresholds: Thresholds;
  /** Uploaded model bundles go under here (name/version). */
  readonly modelsDir: string;
  /** Shadow comparisons are appended here as JSON lines; none: kept in memory only. */
  readonly shadowLog?: string;
  /** Called after every change to what is served (versions, routes): it saves them for the next start. */
  readonly saved: () => Promise<void>;
  /** Where swaps are announced. */
  readonly log: (line: string) => void;
  /** The WebGPU backend, when serving on one (its pool bytes are a metric). */
  readonly gpu?: Backend;
  /** Fastify's logger: false (default) or pino options. */
  readonly logger?: boolean | object;
}

export interface App {
  readonly app: FastifyInstance;
  readonly metrics: Metrics;
  readonly shadows: ShadowLog;
  /** /readyz answers 200 only while this is true. */
  ready: boolean;
  /** Requests received and not yet answered. */
  inFlight: number;
}

/**
 * Score requests in hand at once by default: at 2,000 a second a tenth of this is a 10 ms stall's
 * worth; at the most a 2-core server scores a second (about 2,500 on the 1M-account graph), this
 * many wait about one default deadline (50 ms).
 */
export const DEFAULT_MAX_PENDING = 128;

/** The scoring server's routes on a Fastify instance (not listening yet). */
export function buildApp(deps: AppDeps): App {
  const app = Fastify({
    logger: deps.logger ?? false,
    // Strict bodies: no type coercion, no silently dropped fields; errors carry the value (verbose).
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, verbose: true, allErrors: false } },
    schemaErrorFormatter: (errors, dataVar) => new Error(schemaErrorMessage(errors as never, dataVar)),
    bodyLimit: 1024 * 1024,
    // Draining (see drain in server.node.ts) closes only a quiet server: anything still arriving is served.
    return503OnClosing: false,
  });
  // The in-flight gauge reads `state` (made next) only when /metrics is collected.
  const metrics = new Metrics({
    models: deps.models,
    store: deps.ds.store,
    inFlight: () => state.inFlight,
    gpu: deps.gpu,
  });
  const shadows = new ShadowLog(metrics, deps.shadowLog);
  const state: App = { app, metrics, shadows, ready: false, inFlight: 0 };
  app.addHook('onRequest', async () => {
    state.inFlight++;
  });
  app.addHook('onResponse', async () => {
    state.inFlight--;
  });
  app.setErrorHandler(sendError);
  flatbuffersBodies(app);
  app.setNotFoundHandler((req, reply) => {
    void reply.status(404).send({ error: 'not_found', message: `no route ${req.method} ${req.url}` });
  });
  // The write routes' token, checked on the request line and headers: a body without it is refused unread.
  const guard = async (req: FastifyRequest) => {
    if (!bearerMatches(req.headers.authorization, deps.token))
      throw new HttpError(401, 'unauthorized', 'this route needs the header Authorization: Bearer <token>', {
        'www-authenticate': 'Bearer',
      });
  };
  const { models } = deps;
  const last = new LastScores(deps.ds.store);
  // Four deadlines behind: requests have waited unread long past any deadline; refuse new ones until it catches up.
  const lag = new LoopLag(4 * deps.deadlineMs);
  app.addHook('onClose', async () => lag.stop());
  const maxPending = deps.maxPending ?? DEFAULT_MAX_PENDING;
  scoreRoute(app, { models, last, metrics, shadows, deadlineMs: deps.deadlineMs, lag, maxPending });
  eventsRoute(app, { ds: deps.ds, metrics, guard });
  app.get('/metrics', async (_req, reply) => {
    void reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });
  modelsRoute(app, {
    models,
    loader: deps.loader,
    metrics,
    guard,
    root: deps.modelsDir,
    thresholds: deps.thresholds,
    saved: deps.saved,
    log: deps.log,
  });
  routesRoute(app, { models, metrics, shadows, guard, saved: deps.saved });
  // The neighbourhood route's score of its sample runs on a CpuBackend of its own (its own arenas), not a scorer's.
  const cpu = new CpuBackend();
  neighbourhoodRoute(app, { models, cpu });
  const explainer = new Explainer();
  app.addHook('onClose', async () => explainer.close());
  explainRoute(app, { models, explainer });
  riskRoute(app, { models, last });
  demoRoute(app);
  healthRoutes(app, {
    get ready() {
      return state.ready;
    },
    get inFlight() {
      return state.inFlight;
    },
    metrics,
  });
  return state;
}
