// A restart serves what was served before it: the live version, standby versions and the route.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { call, demoServer, freshDir, send } from './helpers.ts';
import { demoVariant } from './model-dirs.ts';

const NAME = 'demo_fraud_sage';

test('swapped versions and routes survive a restart; a version that no longer loads is reported and left out', async () => {
  const dataDir = freshDir();
  const lines: string[] = [];
  let s = await demoServer({ dataDir });
  const v2 = await demoVariant((b) => (b[0] += 1));
  const v3 = await demoVariant((b) => (b[0] -= 1));
  const put = (v: string, body: unknown) => send('PUT', s.url, `/v1/models/${NAME}/versions/${v}`, body, s.token);
  assert.is((await put('2', { dir: v2, thresholds: { review: 0.4, block: 0.8 } })).status, 200);
  assert.is((await put('3', { dir: v3, live: false })).status, 200);
  const plan = { rules: [{ name: 'canary', when: { region: 'eu' }, split: { '3': 50, live: 50 } }] };
  assert.is((await send('PUT', s.url, `/v1/routes/${NAME}`, plan, s.token)).status, 200);
  const before = (await call(s.url, '/v1/score', { targets: [{ type: 'account', id: 'account-9' }] })).body;
  await s.close();

  s = await demoServer({ dataDir, log: (l) => lines.push(l) });
  try {
    const m = (await call(s.url, '/v1/models')).body.models[0];
    assert.is(m.version, '2');
    assert.equal(m.thresholds, { review: 0.4, block: 0.8 });
    assert.equal(
      m.versions.map((v: { version: string; state: string }) => `${v.version}:${v.state}`),
      // Version 1 (the command line's) was started, then retired for the saved live one.
      ['2:live', '3:standby', '1:retired'],
    );
    assert.equal(m.route, plan);
    const after = (await call(s.url, '/v1/score', { targets: [{ type: 'account', id: 'account-9' }] })).body;
    assert.is(after.version, '2');
    assert.is(after.scores[0].score, before.scores[0].score);
    assert.ok(
      lines.some((l) => /serving demo_fraud_sage version 2 with its route \(restored\)/.test(l)),
      lines.join('\n'),
    );
  } finally {
    await s.close();
  }

  // Version 3's directory breaks: the next start says so and serves without it (and without the route naming it).
  writeFileSync(join(v3, 'model.json'), '{');
  lines.length = 0;
  s = await demoServer({ dataDir, log: (l) => lines.push(l) });
  try {
    const m = (await call(s.url, '/v1/models')).body.models[0];
    assert.is(m.version, '2');
    assert.is(m.route, null);
    assert.ok(
      lines.some((l) => /could not restore demo_fraud_sage version 3 from .*not valid JSON/.test(l)),
      lines.join('\n'),
    );
    assert.ok(
      lines.some((l) => /could not restore the route of demo_fraud_sage/.test(l)),
      lines.join('\n'),
    );
  } finally {
    await s.close();
  }
});

test.run();
