// The server bench's own HTTP client against a real server on loopback: a keep-alive connection
// the server closes while it is idle must not take the next request with it.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { HttpClient } from '../../bench/http-client.ts';

test('a request after the server closed an idle keep-alive connection is answered, not lost', async () => {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end('{"ok":true}'));
  });
  server.keepAliveTimeout = 50;
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const client = new HttpClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  try {
    assert.is((await client.post('/x', '{}')).status, 200);
    // Node closes the idle connection after keepAliveTimeout plus a second.
    await new Promise((r) => setTimeout(r, 1500));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const second = await Promise.race([
      client.post('/x', '{}').then(
        (a) => `status ${a.status}`,
        (e: Error) => `failed: ${e.message}`,
      ),
      new Promise<string>((ok) => {
        timer = setTimeout(() => ok('no answer in 5 s'), 5000);
      }),
    ]);
    clearTimeout(timer);
    assert.is(second, 'status 200');
  } finally {
    client.close();
    server.close();
  }
});

test.run();
