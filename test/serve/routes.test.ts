// PUT /v1/routes/{name} over real HTTP: gray-release proportions and their stability per account,
// rules on request attributes, shadows scored and logged but never answered, bad plans refused.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { RunningServer } from '../../src/serve/server.node.ts';
import { call, demoServer, freshDir, send } from './helpers.ts';
import { demoVariant } from './model-dirs.ts';

const NAME = 'demo_fraud_sage';
let s: RunningServer;
const dataDir = freshDir();

test.before(async () => {
  s = await demoServer({ dataDir });
  const r = await send(
    'PUT',
    s.url,
    `/v1/models/${NAME}/versions/2`,
    { dir: await demoVariant((b) => (b[0] += 3)), live: false },
    s.token,
  );
  assert.is(r.status, 200, JSON.stringify(r.body));
});
test.after(async () => {
  await s.close();
});

const route = (body: unknown, token = s.token) => send('PUT', s.url, `/v1/routes/${NAME}`, body, token);

/** Scores accounts 0..n-1, 64 to a request, with these attributes: each account's version and variant. */
async function scoreAll(
  n: number,
  attributes?: Record<string, string>,
): Promise<{ version: string; variant: string }[]> {
  const out: { version: string; variant: string }[] = [];
  for (let i = 0; i < n; i += 64) {
    const targets = Array.from({ length: Math.min(64, n - i) }, (_, k) => ({
      type: 'account',
      id: `account-${i + k}`,
    }));
    const r = await call(s.url, '/v1/score', { targets, attributes });
    assert.is(r.status, 200, JSON.stringify(r.body));
    r.body.scores.forEach((t: { id: string; version: string; variant: string; fallback: boolean }, k: number) => {
      assert.is(t.id, targets[k].id, 'answers keep the request’s order');
      assert.is(t.fallback, false);
      out.push({ version: t.version, variant: t.variant });
    });
  }
  return out;
}

test('a gray release splits accounts by percentage, stably, on the rule their request matches', async () => {
  const put = await route({
    rules: [
      { name: 'eu-canary', when: { region: 'eu' }, split: { '2': 30, live: 70 } },
      { name: 'gold', when: { tier: ['gold', 'platinum'] }, split: { '2': 100 } },
    ],
    default: { live: 100 },
  });
  assert.is(put.status, 200, JSON.stringify(put.body));
  const n = 2000;
  const eu = await scoreAll(n, { region: 'eu', tier: 'basic' });
  const canary = eu.filter((a) => a.version === '2').length;
  // Binomial(2000, 0.3): sd 20.5; the hash is fixed, so this bound (5 sd) is a check on its spread, not luck.
  assert.ok(Math.abs(canary - 0.3 * n) < 5 * Math.sqrt(n * 0.3 * 0.7), `${canary} of ${n} on version 2`);
  assert.ok(eu.every((a) => a.variant === 'eu-canary' && (a.version === '2' || a.version === '1')));
  assert.equal(await scoreAll(n, { region: 'eu' }), eu, 'each account stays on its version');
  const gold = await scoreAll(200, { tier: 'platinum' });
  assert.ok(gold.every((a) => a.version === '2' && a.variant === 'gold'));
  const rest = await scoreAll(200, { region: 'us' });
  assert.ok(rest.every((a) => a.version === '1' && a.variant === 'default'));
  const none = await scoreAll(64);
  assert.ok(none.every((a) => a.version === '1' && a.variant === 'default'));
  // Version 2's head bias is 3 higher: its scores are higher for the same account.
  const one = async (attributes: Record<string, string>) =>
    (await call(s.url, '/v1/score', { targets: [{ type: 'account', id: 'account-7' }], attributes })).body;
  const [a, b] = [await one({ tier: 'gold' }), await one({ region: 'us' })];
  assert.is(a.version, '2');
  assert.is(a.variant, 'gold');
  assert.ok(a.scores[0].score > b.scores[0].score, `${a.scores[0].score} > ${b.scores[0].score}`);
  const models = await call(s.url, '/v1/models');
  assert.is(models.body.models[0].route.rules[0].name, 'eu-canary');
});

test('bad plans are refused with the field named; the route needs the token', async () => {
  for (const [body, msg] of [
    [{ default: { live: 90 } }, /body\.default is \{"live":90\}, expected percents summing to 100 \(they sum to 90\)/],
    [{ default: { '9': 100 } }, /body\.default names version "9", expected 'live' or a loaded version/],
    [{ shadow: { version: '9', percent: 10 } }, /body\.shadow\.version is "9", expected a loaded version/],
    [{ rules: [{ when: {}, split: { live: 100 } }] }, /body\.rules\[0\]\.when/],
    [{ rules: [{ name: 'default', when: { a: 'b' }, split: { live: 100 } }] }, /body\.rules\[0\]\.name is "default"/],
    [{ default: { live: 101 } }, /body\.default\.live/],
    [{ fallback: {} }, /body has an unexpected field 'fallback'|fallback/],
  ] as const) {
    const r = await route(body);
    assert.is(r.status, 400, `${JSON.stringify(body)} → ${JSON.stringify(r.body)}`);
    assert.match(r.body.message, msg);
  }
  assert.is((await route({ default: { live: 100 } }, '')).status, 401);
  assert.is((await send('PUT', s.url, '/v1/routes/nope', { default: { live: 100 } }, s.token)).status, 404);
  // The version a route names stays loaded.
  assert.is((await route({ default: { '2': 50, live: 50 } })).status, 200);
  assert.is((await send('DELETE', s.url, `/v1/models/${NAME}/versions/2`, undefined, s.token)).status, 409);
});

test('a shadow scores its share after answering, is logged and compared, and never answers', async () => {
  assert.is((await route({ shadow: { version: '2', percent: 10 } })).status, 200);
  const n = 1000;
  const got = await scoreAll(n);
  assert.ok(
    got.every((a) => a.version === '1' && a.variant === 'default'),
    'only the live version answers',
  );
  let view = await call(s.url, `/v1/routes/${NAME}`);
  for (let i = 0; i < 100 && (view.body.shadows[0]?.compared ?? 0) + (view.body.shadows[0]?.failed ?? 0) < 50; i++) {
    await new Promise((ok) => setTimeout(ok, 20));
    view = await call(s.url, `/v1/routes/${NAME}`);
  }
  await new Promise((ok) => setTimeout(ok, 200));
  view = await call(s.url, `/v1/routes/${NAME}`);
  const sh = view.body.shadows[0];
  assert.is(sh.version, '2');
  assert.is(sh.failed, 0);
  assert.ok(Math.abs(sh.compared - 0.1 * n) < 5 * Math.sqrt(n * 0.1 * 0.9), `${sh.compared} of ${n} shadowed`);
  assert.type(sh.decisionAgreement, 'number');
  assert.ok(sh.latencyMs.p99 > 0);
  const last = view.body.latest.at(-1);
  assert.is(last.primary.version, '1');
  assert.is(last.shadow.version, '2');
  assert.ok(last.shadow.score > last.primary.score, 'version 2 scores higher (its bias is 3 higher)');
  const lines = readFileSync(join(dataDir, 'shadow.jsonl'), 'utf8').trim().split('\n');
  assert.is(lines.length, sh.compared);
  assert.is(JSON.parse(lines[0]).shadow.version, '2');
  const metrics = (await call(s.url, '/metrics')).body as string;
  assert.match(
    metrics,
    /weft_shadow_compared_total\{model="demo_fraud_sage",version="2",decision="(same|differs)"\} \d+/,
  );
  // The same accounts are shadowed again: the share is stable per account.
  const before = sh.compared;
  await scoreAll(n);
  await new Promise((ok) => setTimeout(ok, 300));
  assert.is((await call(s.url, `/v1/routes/${NAME}`)).body.shadows[0].compared, 2 * before);
  const cleared = await send('DELETE', s.url, `/v1/routes/${NAME}`, undefined, s.token);
  assert.is(cleared.status, 200);
  assert.is((await call(s.url, `/v1/routes/${NAME}`)).body.route, null);
});

test.run();
