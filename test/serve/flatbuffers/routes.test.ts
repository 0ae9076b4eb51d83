// The scoring server over application/x-flatbuffers, on loopback: the same answers as JSON, the
// same refusals naming the same fields, and a 400 (never a 500) for a body that is no FlatBuffer.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { RunningServer } from '../../../src/serve/server.node.ts';
import { demoServer } from '../helpers.ts';
import { readError, readEventsResponse, readScoreResponse } from './answers.ts';
import { eventsRequest, FLATBUFFERS, json, post, type ScoreBody, scoreRequest } from './client.ts';

let s: RunningServer;
test.before(async () => {
  s = await demoServer();
});
test.after(async () => s?.close());

// biome-ignore lint/suspicious/noExplicitAny: answers as JSON
const steady = (a: any) => ({ ...a, batch: a.batch && { ...a.batch, id: 0 }, timings: Object.keys(a.timings ?? {}) });

test('score: a FlatBuffers request is answered in FlatBuffers with the answer the same request gets in JSON', async () => {
  const body: ScoreBody = {
    targets: [
      { type: 'account', id: 'account-17' },
      { type: 'account', id: s.example.id },
    ],
    options: { fanouts: [10, 5], relationFanouts: { account__uses__device: [4, 2] }, seed: 7, mode: 'uniform' },
  };
  const fb = await post(s.url, '/v1/score', scoreRequest(body));
  assert.is(fb.status, 200, readError(fb.bytes).message ?? '');
  assert.is(fb.type, FLATBUFFERS);
  const viaJson = await post(s.url, '/v1/score', body);
  assert.is(viaJson.status, 200);
  assert.match(viaJson.type, /^application\/json/);
  const a = readScoreResponse(fb.bytes);
  const b = json(viaJson);
  assert.equal(steady(a), steady(b), 'every field of the JSON answer, in FlatBuffers');
  assert.equal(a.timings && Object.keys(a.timings).sort(), Object.keys(b.timings).sort());
  assert.ok(a.scores[1].score > a.scores[0].score, 'the banner example is a high scorer');
});

test('Accept picks the answer format, whatever the body was', async () => {
  const body = { targets: [{ type: 'account', id: 'account-3' }], options: { seed: 1 } };
  const asked = await post(s.url, '/v1/score', body, { accept: FLATBUFFERS });
  assert.is(asked.type, FLATBUFFERS);
  const plain = await post(s.url, '/v1/score', scoreRequest(body), { accept: 'application/json' });
  assert.match(plain.type, /^application\/json/);
  assert.is(readScoreResponse(asked.bytes).scores[0].score, json(plain).scores[0].score);
  const ranked = await post(s.url, '/v1/score', body, { accept: `application/json;q=0.5, ${FLATBUFFERS}` });
  assert.is(ranked.type, FLATBUFFERS);
  const notFound = await post(s.url, '/v1/nothing', body, { accept: FLATBUFFERS });
  assert.equal([notFound.status, notFound.type, readError(notFound.bytes).error], [404, FLATBUFFERS, 'not_found']);
});

test('events: a FlatBuffers batch is applied and answered in FlatBuffers; sent again, all duplicates', async () => {
  const score = async () => readScoreResponse((await post(s.url, '/v1/score', scoreRequest(one('account-21')))).bytes);
  const before = await score();
  const batch = eventsRequest({
    events: [0, 1, 2].map((k) => ({
      id: `fb-ev-${k}`,
      time: 1_700_000_000 + k,
      ops: [{ op: 'add_edge', rel: 'account__uses__device', src: 'account-21', dst: `device-${k * 11}` }],
    })),
  });
  const r = await post(s.url, '/v1/events', batch, { token: s.token });
  assert.is(r.status, 200, readError(r.bytes).message ?? '');
  assert.is(r.type, FLATBUFFERS);
  const a = readEventsResponse(r.bytes);
  assert.equal([a.events, a.applied, a.duplicates], [3, 3, 0]);
  const after = await score();
  assert.is(after.storeVersion, a.storeVersion);
  assert.is.not(after.scores[0].score, before.scores[0].score, 'three new devices change the score');
  const again = readEventsResponse((await post(s.url, '/v1/events', batch, { token: s.token })).bytes);
  assert.equal([again.events, again.applied, again.duplicates], [3, 0, 3], 'a replayed batch is all duplicates');
  assert.is((await score()).scores[0].score, after.scores[0].score, 'and changes nothing');
  const upsert = eventsRequest({
    events: [
      { id: 'fb-ev-node', time: 1_700_000_100, ops: [{ op: 'upsert_node', type: 'device', id: 'device-fb', x: [] }] },
    ],
  });
  const bad = await post(s.url, '/v1/events', upsert, { token: s.token });
  assert.is(bad.status, 400);
  assert.match(readError(bad.bytes).message ?? '', /field 'x' has 0 values, expected \d+/);
});

const one = (id: string): ScoreBody => ({ targets: [{ type: 'account', id }], options: { seed: 1 } });

test('a bad field is refused as in JSON: the same 400 naming the same field, as an ErrorResponse', async () => {
  const cases: ScoreBody[] = [
    { targets: [{ type: 'account', id: '' }] },
    { targets: [{ type: 'account' }] },
    { targets: [] },
    {},
    { targets: [{ type: 'account', id: 'nobody' }] },
    { targets: [{ type: 'merchant', id: 'merchant-1' }] },
    { ...one('account-1'), options: { backend: 'tpu' } },
    { ...one('account-1'), options: { mode: 'fast' } },
    { ...one('account-1'), options: { deadlineMs: -5 } },
    { ...one('account-1'), options: { fanouts: [-3] } },
    { ...one('account-1'), options: { relationFanouts: { account__uses__device: [-2] } } },
    { ...one('account-1'), attributes: { ['k'.repeat(5)]: 'v'.repeat(300) } },
    { ...one('account-1'), model: 'no_such_model' },
  ];
  for (const body of cases) {
    const viaJson = await post(s.url, '/v1/score', body);
    const fb = await post(s.url, '/v1/score', scoreRequest(body));
    const e = readError(fb.bytes);
    const what = JSON.stringify(body);
    assert.ok(fb.status >= 400 && fb.status < 500, `${what} → ${fb.status}`);
    assert.is(fb.status, viaJson.status, what);
    assert.equal(e, json(viaJson), what);
  }
});

test('a body that is not a FlatBuffer of the route root type is a 400 saying which, where and why', async () => {
  const valid = scoreRequest(one('account-1'));
  const cases: [string, Uint8Array, RegExp][] = [
    [
      '/v1/score',
      new Uint8Array(0),
      /not a valid weft\.ScoreRequest FlatBuffer: at body, bytes \[0, 4\) are outside the 0-byte buffer/,
    ],
    ['/v1/score', valid.subarray(0, valid.length - 9), /not a valid weft\.ScoreRequest FlatBuffer: at body\./],
    [
      '/v1/score',
      Uint8Array.from([0xff, 0xff, 0xff, 0x7f, 1, 2, 3, 4]),
      /weft\.ScoreRequest.*outside the 8-byte buffer/,
    ],
    ['/v1/events', valid.subarray(0, 6), /not a valid weft\.EventsRequest FlatBuffer/],
  ];
  for (const [path, bytes, message] of cases) {
    const r = await post(s.url, path, bytes, { token: s.token });
    const e = readError(r.bytes);
    assert.equal([r.status, e.error], [400, 'bad_request'], `${path} ${bytes.length} bytes: ${e.message}`);
    assert.match(e.message ?? '', message);
  }
  const elsewhere = await post(s.url, '/v1/routes/demo_fraud_sage', valid, { token: s.token, method: 'PUT' });
  assert.is(elsewhere.status, 415);
  assert.match(
    readError(elsewhere.bytes).message ?? '',
    /takes no application\/x-flatbuffers body \(only \/v1\/score and \/v1\/events do\)/,
  );
});

test.run();
