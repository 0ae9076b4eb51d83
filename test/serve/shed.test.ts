// A server whose event loop is far behind refuses new scores with a 503 and Retry-After before
// reading them, instead of queueing them unseen in its sockets; it serves again once caught up.
import { spawn } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { call, demoServer } from './helpers.ts';

test('four deadlines behind: a score that waited unread gets 503 Retry-After; caught up, 200', async () => {
  // Deadline 20 ms: the limit is 80 ms behind.
  const s = await demoServer({ deadlineMs: 20 });
  try {
    const body = JSON.stringify({ targets: [{ type: 'account', id: 'account-1' }] });
    // Another process sends the request while this one's loop is blocked (as by a long run or a GC).
    const client = spawn(
      process.execPath,
      [
        '-e',
        `fetch(${JSON.stringify(`${s.url}/v1/score`)}, { method: 'POST', headers: { 'content-type': 'application/json' }, body: ${JSON.stringify(body)} })
          .then(async (r) => console.log(JSON.stringify({ status: r.status, retry: r.headers.get('retry-after'), body: await r.json() })))`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    client.stdout.on('data', (d) => (out += d));
    const until = performance.now() + 1500;
    while (performance.now() < until); // the loop is blocked: the child's request waits in the socket
    await new Promise((ok) => client.on('close', ok));
    const got = JSON.parse(out);
    assert.is(got.status, 503, out);
    assert.is(got.retry, '1');
    assert.match(got.body.message, /the server is \d+ ms behind \(its event loop\): retry later/);
    await new Promise((ok) => setTimeout(ok, 50));
    const r = await call(s.url, '/v1/score', JSON.parse(body));
    assert.is(r.status, 200, JSON.stringify(r.body));
    const stats = await call(s.url, '/v1/stats');
    assert.is(stats.body.models['*@*'].overloaded, 1, JSON.stringify(stats.body));
  } finally {
    await s.close();
  }
});

test('past --max-pending score requests in hand, a new one gets 503 Retry-After unread; once answered, 200 again', async () => {
  // A long deadline: the loop's lateness below stays far under its limit, so only the count refuses.
  const s = await demoServer({ deadlineMs: 60_000, maxPending: 2 });
  try {
    const body = JSON.stringify({ targets: [{ type: 'account', id: 'account-1' }] });
    // Ten connections opened (one request each, answered), then, while this loop is blocked, a
    // request on each: once free, the loop finds ten requests in its sockets and reads them in one turn.
    const client = spawn(
      process.execPath,
      [
        '-e',
        `const { Agent, request } = require('node:http');
         const agent = new Agent({ keepAlive: true, maxSockets: 10 });
         const one = () => new Promise((ok) => { const r = request(${JSON.stringify(`${s.url}/v1/score`)}, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => { let t = ''; res.on('data', (d) => (t += d)); res.on('end', () => ok({ status: res.statusCode, retry: res.headers['retry-after'], body: JSON.parse(t) })); }); r.end(${JSON.stringify(body)}); });
         const ten = () => Promise.all(Array.from({ length: 10 }, one));
         ten().then(() => { console.log('ready'); process.stdin.once('data', () => ten().then((a) => { console.log(JSON.stringify(a)); process.exit(0); })); });`,
      ],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    let out = '';
    client.stdout.on('data', (d) => (out += d));
    // The warm-up's ten requests come while the loop is free: two at a time are taken, the rest refused.
    const patience = performance.now() + 20_000;
    while (!out.includes('ready\n')) {
      assert.ok(performance.now() < patience, `the client never got its connections up: ${out}`);
      await new Promise((ok) => setTimeout(ok, 10));
    }
    out = '';
    client.stdin.write('go\n');
    const until = performance.now() + 1000;
    while (performance.now() < until); // the loop is blocked: the ten requests wait in their sockets
    await new Promise((ok) => client.on('close', ok));
    const got = JSON.parse(out) as { status: number; retry?: string; body: { message?: string } }[];
    const refused = got.filter((g) => g.status === 503);
    assert.ok(got.filter((g) => g.status === 200).length >= 2, out);
    assert.ok(refused.length >= 1, out);
    assert.is(refused.length + got.filter((g) => g.status === 200).length, 10, out);
    for (const r of refused) {
      assert.is(r.retry, '1');
      assert.match(
        r.body.message!,
        /the server is handling 2 score requests, its most at once \(--max-pending\): retry later/,
      );
    }
    // Every admitted request was let go once answered: one at a time, each is admitted.
    for (let i = 0; i < 3; i++) assert.is((await call(s.url, '/v1/score', JSON.parse(body))).status, 200);
    const stats = await call(s.url, '/v1/stats');
    assert.ok(stats.body.models['*@*'].overloaded >= refused.length, JSON.stringify(stats.body));
  } finally {
    await s.close();
  }
});

test.run();
