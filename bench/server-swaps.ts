// Model versions under load: hot swaps (PUT /v1/models/{name}/versions/{v}, made live at once)
// while score requests arrive, and a 10% shadow (PUT /v1/routes/{name}) against none. Each phase
// answers a reason instead of figures when the server has no such route.
import { Histogram } from './histogram.ts';
import { callJson, type Reply, type WeftServer } from './server-process.ts';
import type { HttpClient } from './http-client.ts';
import { type LoadOptions, type LoadResult, type ScoreAnswer, scoreLoad } from './server-load.ts';

export interface Served {
  readonly server: WeftServer;
  readonly client: HttpClient;
  /** The served model's directory, uploaded again as each new version. */
  readonly modelDir: string;
  readonly body: (i: number) => string;
  /** Waits for the server to be idle and the machine quiet before a load. */
  readonly settled: () => Promise<void>;
}

/** The default model's name and live version, from GET /v1/models. */
async function live(s: Served): Promise<{ name: string; version: string }> {
  const r = await callJson(s.server.url, 'GET', '/v1/models');
  const m = (r.body?.models as { name: string; version: string; default: boolean }[] | undefined)?.find(
    (x) => x.default,
  );
  if (!m)
    throw new Error(`GET /v1/models: ${r.status} ${JSON.stringify(r.body)}: expected models[] with a default one`);
  return { name: m.name, version: m.version };
}

/** Why a control call did not do its job, or undefined when it answered 2xx. */
function refusal(what: string, r: Reply): string | undefined {
  if (r.status >= 200 && r.status < 300) return undefined;
  const msg = typeof r.body === 'object' ? r.body.message : String(r.body);
  if (r.status === 404 && /^no route/.test(msg ?? '')) return `not measured (the server has no ${what} route)`;
  return `not measured (${what}: ${r.status} ${msg})`;
}

const load = (s: Served, rate: number, until: LoadOptions['until'], seed: number, onAnswer?: LoadOptions['onAnswer']) =>
  scoreLoad(s.client, { rate, until, body: s.body, seed, onAnswer, serverPid: s.server.child.pid });

const putVersion = (s: Served, name: string, version: string, isLive = true) =>
  callJson(
    s.server.url,
    'PUT',
    `/v1/models/${encodeURIComponent(name)}/versions/${encodeURIComponent(version)}`,
    isLive ? { dir: s.modelDir } : { dir: s.modelDir, live: false },
    s.server.token,
  );

interface SwapResult {
  /** PUTs answered 200, and refused. */
  readonly swaps: number;
  readonly refused: number;
  /** Each swap's PUT, sent to answered, µs. */
  readonly put: Histogram;
  readonly during: LoadResult;
  /** The same rate for the same time, no swaps. */
  readonly without: LoadResult;
  /** Answers naming a version (at the top or in a score) that was not live at any moment between the request's sending and its answer. */
  readonly violations: number;
}

interface Period {
  readonly version: string;
  readonly sentAt: number;
  answeredAt?: number;
}

/** `count` swaps back to back (versions s1, s2, …) under `rate` score requests a second. */
export async function swapPhase(s: Served, count: number, rate: number): Promise<SwapResult | string> {
  const model = await live(s);
  // One unloaded swap first: it says whether the route exists, and warms the loader up.
  const probe = await putVersion(s, model.name, 'w1');
  const why = refusal('model upload', probe);
  if (why) return why;
  await s.settled();
  // Version k may be live from its PUT's sending until the next accepted PUT's answer.
  const periods: Period[] = [{ version: 'w1', sentAt: Number.NEGATIVE_INFINITY, answeredAt: 0 }];
  let violations = 0;
  const check = (a: ScoreAnswer, sentAt: number, answeredAt: number) => {
    const livedThen = (v: string | undefined) => {
      if (v === undefined) return true;
      const j = periods.findIndex((p) => p.version === v);
      const end = periods[j + 1]?.answeredAt ?? Number.POSITIVE_INFINITY;
      return j >= 0 && periods[j].sentAt <= answeredAt && end >= sentAt;
    };
    if (![a.version, ...a.scores.map((t) => t.version)].every(livedThen)) violations++;
  };
  const put = new Histogram();
  let swaps = 0,
    refused = 0;
  // Back to back, from the load's first arrival; the load lasts as long as they do.
  const swapAll = async () => {
    for (let k = 1; k <= count; k++) {
      const p: Period = { version: `s${k}`, sentAt: performance.now() };
      periods.push(p);
      const r = await putVersion(s, model.name, p.version);
      p.answeredAt = performance.now();
      put.record((p.answeredAt - p.sentAt) * 1000);
      if (r.status === 200) swaps++;
      else {
        refused++;
        periods.pop();
      }
    }
  };
  let swapping: Promise<void> | undefined;
  const during = await load(s, rate, () => (swapping = swapAll()), 3, check);
  await swapping;
  await s.settled();
  const without = await load(s, rate, during.seconds * 1000, 3);
  return { swaps, refused, put, during, without, violations };
}

interface ShadowResult {
  readonly percent: number;
  readonly without: LoadResult;
  readonly shadowed: LoadResult;
  /** Shadow scores compared with the primary's, and shadow runs failed, by GET /v1/routes/{name}; null if it does not say. */
  readonly compared: number | null;
  readonly failed: number | null;
}

/** `rate` score requests a second for `ms` with no shadow, then with `percent`% also scored on a second version. */
export async function shadowPhase(s: Served, rate: number, ms: number, percent = 10): Promise<ShadowResult | string> {
  const model = await live(s);
  const loaded = await putVersion(s, model.name, 'shadow1', false);
  const why = refusal('model upload', loaded);
  if (why) return why;
  await s.settled();
  const without = await load(s, rate, ms, 5);
  const route = `/v1/routes/${encodeURIComponent(model.name)}`;
  const set = await callJson(
    s.server.url,
    'PUT',
    route,
    { default: { [model.version]: 100 }, shadow: { version: 'shadow1', percent } },
    s.server.token,
  );
  const notSet = refusal('traffic route', set);
  if (notSet) return notSet;
  try {
    await s.settled();
    const shadowed = await load(s, rate, ms, 5);
    // The server's own count of shadow comparisons: evidence the shadow ran (about `percent`% of the load).
    const got = await callJson(s.server.url, 'GET', route);
    const c = (got.body?.shadows as { version: string; compared: number; failed: number }[] | undefined)?.find(
      (x) => x.version === 'shadow1',
    );
    return { percent, without, shadowed, compared: c?.compared ?? null, failed: c?.failed ?? null };
  } finally {
    await callJson(s.server.url, 'DELETE', route, undefined, s.server.token);
  }
}
