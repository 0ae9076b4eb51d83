// Random and mutated bodies against the routes: every answer is a 4xx naming something, the
// server stays up, and the store is unchanged.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { RunningServer } from '../../src/serve/server.node.ts';
import { call, demoServer, rng, send } from './helpers.ts';

let s: RunningServer;
test.before(async () => {
  s = await demoServer();
});
test.after(async () => s?.close());

const ODD: unknown[] = [
  null,
  true,
  0,
  -1,
  1e308,
  -0.5,
  Number.MAX_SAFE_INTEGER,
  '',
  'x'.repeat(5000),
  '💥\u0000\ud800',
  [],
  {},
  [[[[[[]]]]]],
  { __proto__: { polluted: true } },
  { constructor: { prototype: {} } },
];

function randomValue(r: () => number, depth = 0): unknown {
  const k = Math.floor(r() * (depth > 3 ? 4 : 7));
  if (k === 0) return ODD[Math.floor(r() * ODD.length)];
  if (k === 1) return Math.floor(r() * 2000) - 1000;
  if (k === 2) return Math.random.toString().slice(0, Math.floor(r() * 20));
  if (k === 3) return r() < 0.5;
  if (k === 4) return Array.from({ length: Math.floor(r() * 4) }, () => randomValue(r, depth + 1));
  const o: Record<string, unknown> = {};
  const keys = [
    'targets',
    'type',
    'id',
    'options',
    'fanouts',
    'events',
    'ops',
    'op',
    'rel',
    'src',
    'dst',
    'x',
    'time',
    'model',
    'rules',
    'when',
    'split',
    'shadow',
    'version',
    'percent',
    'dir',
    'files',
    'live',
  ];
  for (let i = Math.floor(r() * 4); i > 0; i--) o[keys[Math.floor(r() * keys.length)]] = randomValue(r, depth + 1);
  return o;
}

/** Set one path of a copy of `v` to `to`. */
function mutate(v: unknown, r: () => number): unknown {
  const copy = JSON.parse(JSON.stringify(v));
  let node = copy;
  for (;;) {
    const keys = Object.keys(node);
    if (keys.length === 0) return copy;
    const k = keys[Math.floor(r() * keys.length)];
    const child = node[k];
    if (child !== null && typeof child === 'object' && r() < 0.6) {
      node = child;
      continue;
    }
    if (r() < 0.3) delete node[k];
    else node[k] = ODD[Math.floor(r() * ODD.length)];
    return copy;
  }
}

const SCORE = { targets: [{ type: 'account', id: 'account-1' }], options: { fanouts: [10, 5], seed: 1 } };
const EVENT = {
  events: [
    {
      id: 'fuzz-valid',
      time: 1_700_000_000,
      ops: [{ op: 'add_edge', rel: 'account__uses__device', src: 'account-1', dst: 'device-1' }],
    },
  ],
};

test('fuzz: 400 random and mutated bodies, raw garbage too: only 4xx, the server up, the store unchanged', async () => {
  const r = rng(12345);
  const before = (await call(s.url, '/v1/score', SCORE)).body;
  const statuses = new Map<number, number>();
  const fails: string[] = [];
  for (let i = 0; i < 400; i++) {
    const events = i % 2 === 1;
    const kind = i % 8;
    let body: unknown;
    if (kind < 3) body = randomValue(r);
    else if (kind < 7) body = mutate(events ? EVENT : SCORE, r);
    else body = JSON.stringify(randomValue(r)).slice(0, Math.floor(r() * 30)) + (r() < 0.5 ? '}' : '');
    // A mutation can leave an event valid (another id, another time): a poisoned op (an unknown
    // relation) at its end must then refuse the whole batch, so nothing is stored either way.
    const evs = events && kind >= 3 && kind < 7 ? (body as { events?: { ops?: unknown }[] }).events : undefined;
    if (Array.isArray(evs) && evs.length > 0 && evs[0] && Array.isArray(evs[0].ops))
      evs[0].ops.push({ op: 'add_edge', rel: 'no__such__relation', src: 'a', dst: 'b' });
    const text = typeof body === 'string' ? body : (JSON.stringify(body) ?? 'null');
    const a = await call(s.url, events ? '/v1/events' : '/v1/score', text, events ? s.token : undefined);
    statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
    const okScore = !events && a.status === 200;
    if (!okScore && (a.status < 400 || a.status >= 500 || typeof a.body?.message !== 'string'))
      fails.push(
        `${events ? 'events' : 'score'} ${text.slice(0, 120)} → ${a.status} ${JSON.stringify(a.body).slice(0, 120)}`,
      );
  }
  assert.equal(fails, [], `${fails.length} answers were not a 4xx with a message`);
  assert.is((await call(s.url, '/healthz')).status, 200, 'the server is up');
  const after = (await call(s.url, '/v1/score', SCORE)).body;
  assert.is(after.storeVersion, before.storeVersion, 'no fuzzed event reached the store');
  assert.is(after.scores[0].score, before.scores[0].score);
  assert.ok((statuses.get(400) ?? 0) > 200, JSON.stringify([...statuses]));
});

const ROUTE = {
  rules: [{ name: 'r', when: { region: ['eu', 'us'] }, split: { live: 60, '1': 40 } }],
  default: { live: 100 },
  shadow: { version: '1', percent: 10 },
};
const VERSION = { files: { 'model.json': 'e30=', 'weights.safetensors': '' }, thresholds: { review: 0.5, block: 0.9 } };

test('fuzz: the model and route routes, with the token: never a 5xx, the live version unchanged', async () => {
  const r = rng(777);
  const fails: string[] = [];
  for (let i = 0; i < 200; i++) {
    const routes = i % 2 === 0;
    const kind = i % 6;
    const body = kind < 2 ? randomValue(r) : mutate(routes ? ROUTE : VERSION, r);
    const path = routes ? '/v1/routes/demo_fraud_sage' : `/v1/models/demo_fraud_sage/versions/fz${i}`;
    const a = await send('PUT', s.url, path, JSON.stringify(body) ?? 'null', s.token);
    // A mutated route can still be a valid one: it is taken (200), and the next replaces it.
    const ok = routes && a.status === 200;
    if (!ok && (a.status < 400 || a.status >= 500 || typeof a.body?.message !== 'string'))
      fails.push(`${path} ${JSON.stringify(body).slice(0, 120)} → ${a.status} ${JSON.stringify(a.body).slice(0, 120)}`);
  }
  assert.equal(fails, [], `${fails.length} answers were neither a taken route nor a 4xx with a message`);
  const m = (await call(s.url, '/v1/models')).body.models[0];
  assert.is(m.version, '1');
  assert.equal(
    m.versions.map((v: { version: string }) => v.version),
    ['1'],
    'no fuzzed version loaded',
  );
  const scored = await call(s.url, '/v1/score', SCORE);
  assert.is(scored.status, 200);
});

test.run();
