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

test.run();
