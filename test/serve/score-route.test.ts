import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { RunningServer } from '../../src/serve/server.node.ts';
import { call, demoServer } from './helpers.ts';

let s: RunningServer;
test.before(async () => {
  s = await demoServer();
});
test.after(async () => s?.close());

test('score: each target by its id, in the request order, with a decision, the model version and timings', async () => {
  const r = await call(s.url, '/v1/score', {
    targets: [
      { type: 'account', id: 'account-17' },
      { type: 'account', id: s.example.id },
      { type: 'account', id: 'account-17' },
    ],
  });
  assert.is(r.status, 200, JSON.stringify(r.body));
  const { body } = r;
  assert.is(body.model, 'demo_fraud_sage');
  assert.is(body.version, '1');
  assert.is(body.fallback, false);
  assert.equal(
    body.scores.map((x: { id: string }) => x.id),
    ['account-17', s.example.id, 'account-17'],
  );
  for (const x of body.scores) {
    assert.ok(x.score > 0 && x.score < 1, `a probability: ${x.score}`);
    assert.is(x.decision, x.score >= 0.9 ? 'block' : x.score >= 0.5 ? 'review' : 'allow');
  }
  assert.is(body.scores[0].score, body.scores[2].score, 'the same account twice, the same score');
  assert.ok(body.scores[1].score > body.scores[0].score, 'the banner example is a high scorer');
  for (const k of ['queue', 'sample', 'upload', 'compute', 'readback', 'total', 'server'])
    assert.type(body.timings[k], 'number', `timings.${k}`);
});

test('bad requests are 400s naming the field, the value and what was expected; the server keeps serving', async () => {
  const cases: [unknown, RegExp][] = [
    [{ targets: [{ type: 'account', id: 42 }] }, /body\.targets\[0\]\.id is 42, expected string/],
    [{ targets: [{ type: 'account' }] }, /body\.targets\[0\] has no field 'id'/],
    [{ targets: [] }, /body\.targets is \[\], expected at least 1 item$/],
    [
      { targets: [{ type: 'account', id: 'account-1' }], options: { mode: 'weighted' } },
      /mode is 'weighted', which reads edge weights, but relation '.*' carries none/,
    ],
    [{ targets: [{ type: 'account', id: 'nobody' }] }, /body\.targets\[0\]\.id is "nobody", expected a 'account' id/],
    [
      { targets: [{ type: 'merchant', id: 'merchant-1' }] },
      /body\.targets\[0\]\.type is "merchant", expected 'account'/,
    ],
    [
      { targets: [{ type: 'account', id: 'account-1' }], options: { fanout: [3] } },
      /body\.options has an unknown field 'fanout', expected only fanouts/,
    ],
    [
      { targets: [{ type: 'account', id: 'account-1' }], options: { backend: 'tpu' } },
      /body\.options\.backend is "tpu", expected one of "auto", "cpu", "webgpu"/,
    ],
    [{ targets: [{ type: 'account', id: 'account-1' }], extra: 1 }, /body has an unknown field 'extra'/],
    [
      { targets: [{ type: 'account', id: 'account-1' }], options: { deadlineMs: -5 } },
      /deadlineMs is -5, expected a number > 0/,
    ],
    ['{"targets": [', /JSON/],
  ];
  for (const [body, want] of cases) {
    const r = await call(s.url, '/v1/score', body);
    assert.is(r.status, 400, `${JSON.stringify(body)} → ${JSON.stringify(r.body)}`);
    assert.is(r.body.error, 'bad_request');
    assert.match(r.body.message, want);
  }
  const unknown = await call(s.url, '/v1/score', { model: 'nope', targets: [{ type: 'account', id: 'account-1' }] });
  assert.is(unknown.status, 404);
  assert.match(unknown.body.message, /body\.model is "nope", expected one of demo_fraud_sage/);
  assert.is((await call(s.url, '/v1/score', { targets: [{ type: 'account', id: 'account-1' }] })).status, 200);
});

test('a score that cannot be had by its deadline is answered on time, marked as a fallback with the last score', async () => {
  const first = await call(s.url, '/v1/score', { targets: [{ type: 'account', id: 'account-5' }] });
  // 1 µs: less than one run takes, so the scorer refuses it up front ('deadline') and the server falls back.
  const r = await call(s.url, '/v1/score', {
    targets: [
      { type: 'account', id: 'account-5' },
      { type: 'account', id: 'account-6' },
    ],
    options: { deadlineMs: 0.001 },
  });
  assert.is(r.status, 200);
  assert.is(r.body.fallback, true);
  assert.is(r.body.reason, 'deadline');
  assert.is(r.body.scores[0].score, first.body.scores[0].score, 'the last score of account-5');
  assert.type(r.body.scores[0].scoredAt, 'string');
  assert.is(r.body.scores[0].fallback, true);
  assert.equal(r.body.scores[1], {
    type: 'account',
    id: 'account-6',
    score: null,
    decision: null,
    version: '1',
    variant: 'default',
    fallback: true,
    scoredAt: null,
  });
  const stats = await call(s.url, '/v1/stats');
  assert.ok(stats.body.models['demo_fraud_sage@1'].fallbacks >= 1, JSON.stringify(stats.body));
});

test('models, health and readiness', async () => {
  const m = await call(s.url, '/v1/models');
  assert.is(m.status, 200);
  assert.is(m.body.models[0].name, 'demo_fraud_sage');
  assert.equal(m.body.models[0].scoredTypes, ['account']);
  assert.is((await call(s.url, '/healthz')).body.status, 'ok');
  assert.is((await call(s.url, '/readyz')).status, 200);
  const missing = await call(s.url, '/v2/nothing');
  assert.is(missing.status, 404);
  assert.match(missing.body.message, /no route GET \/v2\/nothing/);
});

test.run();
