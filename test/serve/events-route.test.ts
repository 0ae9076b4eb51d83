import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { RunningServer } from '../../src/serve/server.node.ts';
import { call, demoServer } from './helpers.ts';

let s: RunningServer;
test.before(async () => {
  s = await demoServer();
});
test.after(async () => s?.close());

const score = async (id: string): Promise<number> => {
  const r = await call(s.url, '/v1/score', { targets: [{ type: 'account', id }] });
  assert.is(r.status, 200, JSON.stringify(r.body));
  return r.body.scores[0].score;
};

const link = (id: string, account: string) => ({
  events: [
    {
      id,
      time: Math.floor(Date.now() / 1000),
      ops: [0, 1, 2, 3, 4, 5].map((k) => ({
        op: 'add_edge',
        rel: 'account__uses__device',
        src: account,
        dst: `device-${k * 7}`,
      })),
    },
  ],
});

test('ingest then score: new edges change the account score; the same event again changes nothing', async () => {
  const before = await score('account-17');
  const r = await call(s.url, '/v1/events', link('ev-1', 'account-17'), s.token);
  assert.is(r.status, 200, JSON.stringify(r.body));
  assert.is(r.body.events, 1);
  assert.is(r.body.applied, 1);
  assert.is(r.body.duplicates, 0);
  const after = await score('account-17');
  assert.is.not(after, before, 'six new devices change what the model reads');
  const again = await call(s.url, '/v1/events', link('ev-1', 'account-17'), s.token);
  assert.equal([again.body.applied, again.body.duplicates], [0, 1], 'a replayed event is a duplicate');
  assert.is(await score('account-17'), after, 'and changes nothing');
});

test('the write route needs the bearer token, compared whole', async () => {
  const none = await call(s.url, '/v1/events', link('ev-2', 'account-18'));
  assert.is(none.status, 401);
  assert.is(none.headers.get('www-authenticate'), 'Bearer');
  assert.is((await call(s.url, '/v1/events', link('ev-2', 'account-18'), 'wrong')).status, 401);
  assert.is((await call(s.url, '/v1/events', link('ev-2', 'account-18'), s.token.slice(0, -1))).status, 401);
  assert.is((await call(s.url, '/v1/events', link('ev-2', 'account-18'), `${s.token}x`)).status, 401);
  assert.is((await call(s.url, '/v1/events', link('ev-2', 'account-18'), s.token)).status, 200);
});

test('a bad event refuses its whole batch with a 400 naming the field and value, and stores nothing', async () => {
  const before = await score('account-20');
  const batch = link('ev-3', 'account-20');
  const bad = { events: [...batch.events, { id: 'ev-4', time: 'soon', ops: [] }] };
  const r = await call(s.url, '/v1/events', bad, s.token);
  assert.is(r.status, 400, JSON.stringify(r.body));
  assert.is(r.body.error, 'bad_request');
  assert.match(r.body.message, /time/);
  assert.match(r.body.message, /soon/);
  assert.is(await score('account-20'), before, 'the good event of the refused batch was not applied');
  const empty = await call(s.url, '/v1/events', { events: [] }, s.token);
  assert.is(empty.status, 400, 'an empty batch is refused (it would still take a log record)');
  assert.match(empty.body.message, /body\.events is \[\], expected at least one event/);
  const unknownRel = {
    events: [{ id: 'ev-5', time: 1, ops: [{ op: 'add_edge', rel: 'x__y__z', src: 'a', dst: 'b' }] }],
  };
  const u = await call(s.url, '/v1/events', unknownRel, s.token);
  assert.is(u.status, 400);
  assert.match(u.body.message, /x__y__z/);
});

test.run();
