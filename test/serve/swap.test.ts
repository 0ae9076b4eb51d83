// PUT /v1/models/{name}/versions/{v} over real HTTP: hot swaps under concurrent load, refusals,
// uploads (and attempts to write outside the model directory), standby versions, freed GPU weights.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { RunningServer } from '../../src/serve/server.node.ts';
import { call, demoServer, send } from './helpers.ts';
import { brokenDir, DEMO, demoVariant } from './model-dirs.ts';

const NAME = 'demo_fraud_sage';
let s: RunningServer;

test.before(async () => {
  s = await demoServer();
});
test.after(async () => {
  await s.close();
});

const put = (version: string, body: unknown, token: string | undefined = s.token) =>
  send('PUT', s.url, `/v1/models/${NAME}/versions/${version}`, body, token);
const score = (id = 'account-3') => call(s.url, '/v1/score', { targets: [{ type: 'account', id }] });

test('swaps under concurrent load: no request fails, every answer names a version live while it was asked', async () => {
  const dirs = [await demoVariant((b) => (b[0] += 2)), await demoVariant((b) => (b[0] -= 2))];
  // The live version over time: [version, from (ms), to (ms)]; a swap happens somewhere between its PUT's send and answer.
  const spans: { version: string; from: number; to: number }[] = [{ version: '1', from: 0, to: Infinity }];
  let stop = false;
  const answers: { sent: number; got: number; status: number; version?: string; fallback?: boolean }[] = [];
  const client = async (k: number) => {
    for (let i = 0; !stop; i++) {
      const sent = performance.now();
      const r = await score(`account-${(k * 131 + i * 17) % 10_000}`);
      answers.push({
        sent,
        got: performance.now(),
        status: r.status,
        version: r.body.version,
        fallback: r.body.fallback,
      });
    }
  };
  const clients = Array.from({ length: 8 }, (_, k) => client(k));
  for (let v = 2; v <= 5; v++) {
    const sent = performance.now();
    const r = await put(String(v), { dir: dirs[v % 2] });
    assert.is(r.status, 200, JSON.stringify(r.body));
    assert.is(r.body.previous, String(v - 1));
    const got = performance.now();
    spans[spans.length - 1].to = got;
    spans.push({ version: String(v), from: sent, to: Infinity });
    await new Promise((ok) => setTimeout(ok, 30));
  }
  stop = true;
  await Promise.all(clients);
  assert.ok(answers.length > 50, `${answers.length} answers`);
  const failed = answers.filter((a) => a.status !== 200 || a.fallback);
  assert.is(failed.length, 0, JSON.stringify(failed.slice(0, 3)));
  for (const a of answers) {
    const live = spans.filter((p) => p.from < a.got && a.sent < p.to).map((p) => p.version);
    assert.ok(live.includes(a.version!), `answered by ${a.version}, live while asked: ${live.join(', ')}`);
  }
  const seen = new Set(answers.map((a) => a.version));
  assert.ok(seen.has('1') && seen.has('5'), [...seen].join(','));
  const models = await call(s.url, '/v1/models');
  const m = models.body.models[0];
  assert.is(m.version, '5');
  assert.equal(
    m.versions.filter((v: { state: string }) => v.state === 'retired').map((v: { version: string }) => v.version),
    ['1', '2', '3', '4'],
  );
  // The shifted bias shows in the score: version 5 (bias - 2) scores lower than the demo did.
  const after = await score();
  assert.is(after.body.version, '5');
});

test('a broken version is refused and the live one keeps serving', async () => {
  const before = await call(s.url, '/v1/models');
  const live = before.body.models[0].version;
  const notJson = await put('bad-json', { dir: brokenDir() });
  assert.is(notJson.status, 422);
  assert.is(notJson.body.error, 'model_refused');
  assert.match(notJson.body.message, /model\.json: not valid JSON/);
  assert.match(notJson.body.message, /the serving version is unchanged/);
  const nan = await put('nan', { dir: await demoVariant((b) => (b[0] = Number.NaN)) });
  assert.is(nan.status, 422);
  assert.match(nan.body.message, /scores account "account-\d+" as \[NaN\], expected finite numbers/);
  // Its own golden batch (the demo graph and PyG's outputs) catches a version that drifted from what was trained.
  const drifted = await put('drifted', { dir: await demoVariant((b) => (b[0] += 0.5), true) });
  assert.is(drifted.status, 422);
  assert.match(
    drifted.body.message,
    /golden batch \(graph\.safetensors\) does not reproduce expected\.safetensors: out\.account/,
  );
  const missing = await put('missing', { dir: '/nonexistent/model' });
  assert.is(missing.status, 422);
  assert.match(missing.body.message, /cannot read \(ENOENT\)/);
  const r = await score();
  assert.is(r.status, 200);
  assert.is(r.body.version, live);
  const metrics = (await call(s.url, '/metrics')).body as string;
  assert.match(metrics, /weft_model_loads_total\{model="demo_fraud_sage",result="refused"\} 4\n/);
  // A bundle that carries its golden batch and reproduces it is taken, and says so.
  const good = await put('golden', { dir: await demoVariant(() => {}, true) });
  assert.is(good.status, 200, JSON.stringify(good.body));
  assert.is(good.body.bundle.golden, 'matched');
  assert.is(good.body.golden.targets, 16);
  assert.is(good.body.golden.vsLive.version, live);
  // A refused version may be offered again once fixed; a taken one may not be offered twice.
  assert.is((await put('golden', { dir: DEMO })).status, 409);
  assert.is((await put('nan', { dir: DEMO })).status, 200);
});

test('uploaded bundles land in the model directory and nowhere else', async () => {
  const b64 = (f: string) => readFileSync(join(DEMO, f)).toString('base64');
  const files = { 'model.json': b64('model.json'), 'weights.safetensors': b64('weights.safetensors') };
  assert.is((await put('up1', { files }, '')).status, 401);
  assert.is((await put('up1', { files }, 'wrong-token')).status, 401);
  const up = await put('up1', { files });
  assert.is(up.status, 200, JSON.stringify(up.body));
  assert.ok(up.body.source.endsWith(join('models', NAME, 'up1')), up.body.source);
  assert.equal(readdirSync(up.body.source).sort(), ['model.json', 'weights.safetensors']);
  const root = dirname(dirname(up.body.source));
  const outside = () => readdirSync(dirname(root)).sort();
  const before = outside();
  for (const [path, body, field] of [
    [`/v1/models/${NAME}/versions/..%2F..%2Fescape`, { files }, /version is "\.\.\/\.\.\/escape"/],
    // (A bare '..' segment never arrives: the client resolves it away before sending.)
    [`/v1/models/${NAME}/versions/...`, { files }, /version is "\.\.\."/],
    [`/v1/models/..%2Fescape/versions/1`, { files }, /name is "\.\.\/escape"/],
    [
      `/v1/models/${NAME}/versions/up2`,
      { files: { ...files, '../escape.json': files['model.json'] } },
      /"\.\.\/escape\.json"/,
    ],
    [
      `/v1/models/${NAME}/versions/up2`,
      { files: { ...files, '/tmp/abs.json': files['model.json'] } },
      /"\/tmp\/abs\.json"/,
    ],
    [`/v1/models/${NAME}/versions/up2`, { files: { 'model.json': files['model.json'] } }, /no "weights\.safetensors"/],
    [`/v1/models/${NAME}/versions/up2`, { files: { ...files, 'model.json': 'not base64!' } }, /not base64/],
    [
      `/v1/models/${NAME}/versions/up2`,
      { dir: 'relative/dir' },
      /body\.dir is "relative\/dir", expected an absolute path/,
    ],
    [`/v1/models/${NAME}/versions/up2`, {}, /neither dir nor files/],
  ] as const) {
    const r = await send('PUT', s.url, path, body, s.token);
    assert.is(r.status, 400, `${path}: ${JSON.stringify(r.body)}`);
    assert.match(r.body.message, field);
  }
  assert.equal(outside(), before);
  assert.not.ok(existsSync(join(root, NAME, 'up2')));
  assert.ok(readdirSync(join(root, NAME)).every((f) => !f.includes('partial')));
  // A refused upload leaves nothing, so the version can be offered again.
  const poisoned = { ...files, 'model.json': Buffer.from('{').toString('base64') };
  assert.is((await put('up3', { files: poisoned })).status, 422);
  assert.not.ok(existsSync(join(root, NAME, 'up3')));
});

test('standby versions load without serving; a standby version can be retired, the live one cannot', async () => {
  const live = (await call(s.url, '/v1/models')).body.models[0].version;
  const r = await put('standby', { dir: await demoVariant((b) => (b[0] += 1)), live: false });
  assert.is(r.status, 200, JSON.stringify(r.body));
  assert.is(r.body.state, 'standby');
  assert.is((await score()).body.version, live);
  const del = (v: string, token: string | undefined = s.token) =>
    send('DELETE', s.url, `/v1/models/${NAME}/versions/${v}`, undefined, token);
  assert.is((await del('standby', '')).status, 401);
  assert.is((await del(live)).status, 409);
  const gone = await del('standby');
  assert.is(gone.status, 200);
  assert.is(gone.body.state, 'retired');
  assert.is((await del('standby')).status, 404);
});

test.run();
