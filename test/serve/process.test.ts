// `weft serve` as a real process: help, SIGTERM with requests in flight, SIGKILL during ingest.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { call, exited, freshDir, postAlone, spawnServer } from './helpers.ts';
import { gcTuning } from '../../src/serve/gc-tuning.node.ts';

test('weft serve --help lists every option', () => {
  const out = execFileSync(process.execPath, ['bin/weft.mjs', 'serve', '--help'], { encoding: 'utf8' });
  for (const o of [
    '--host',
    '--port',
    '--data',
    '--model',
    '--graph',
    '--backend',
    '--deadline-ms',
    '--review',
    '--block',
    '--fsync',
    '--max-pending',
    '--heap-growth',
  ])
    assert.ok(out.includes(o), `--help mentions ${o}`);
  assert.match(out, /WEFT_TOKEN/);
});

test('a bad option is one line naming it, exit 1', () => {
  try {
    execFileSync(process.execPath, ['bin/weft.mjs', 'serve', '--port', 'eighty'], { encoding: 'utf8', stdio: 'pipe' });
    assert.unreachable('it started');
  } catch (e) {
    const err = e as { status: number; stderr: string };
    assert.is(err.status, 1);
    assert.match(err.stderr, /--port is 'eighty', expected a port 0-65535/);
  }
  try {
    execFileSync(process.execPath, ['bin/weft.mjs', 'serve', '--heap-growth', '-5'], {
      encoding: 'utf8',
      stdio: 'pipe',
    });
    assert.unreachable('it started');
  } catch (e) {
    assert.match(
      (e as { stderr: string }).stderr,
      /--heap-growth is '-5', expected an integer percent in \[0, 10000\]/,
    );
  }
});

test('the collector: tuned by default and said so in the banner; one young-generation thread on 2 cores or fewer', () => {
  assert.equal(gcTuning(400, 2), { heapGrowthPercent: 400, parallelScavenge: false });
  assert.equal(gcTuning(0, 16), { heapGrowthPercent: 0, parallelScavenge: true });
});

test('SIGTERM: requests in flight are answered, the log is synced, exit 0', async () => {
  const data = freshDir();
  const { child, url, out } = await spawnServer(['--data', data, '--fsync', 'none'], {
    WEFT_TOKEN: 'token-for-the-test-123',
  });
  assert.match(out(), /curl -s http:\/\/127\.0\.0\.1:\d+\/v1\/score/);
  assert.match(out(), /\n {2}gc {7}heap grows 400% past live before a full collection; scavenges /);
  const ack = await call(
    url,
    '/v1/events',
    {
      events: [
        {
          id: 'late-1',
          time: 1,
          ops: [{ op: 'add_edge', rel: 'account__uses__device', src: 'account-1', dst: 'device-1' }],
        },
      ],
    },
    'token-for-the-test-123',
  );
  assert.is(ack.status, 200);
  // Slow requests (full neighbourhoods, 64 targets each), each on its own connection: they queue
  // behind each other, and SIGTERM goes when the first is answered. A loop busy scoring accepts
  // and reads the others a few per turn; the drain keeps listening until its loop has been free
  // with nothing in flight for 100 ms, so every one of them must be answered.
  const big = {
    targets: Array.from({ length: 64 }, (_, i) => ({ type: 'account', id: `account-${i}` })),
    options: { fanouts: [-1, -1], deadlineMs: 30000 },
  };
  let answered = 0;
  let afterTerm = 0;
  let termSent = false;
  let firstAnswer: () => void = () => {};
  const first = new Promise<void>((r) => {
    firstAnswer = r;
  });
  const inFlight = Array.from({ length: 8 }, () =>
    postAlone(url, '/v1/score', big).then((a) => {
      if (termSent) afterTerm++;
      if (++answered === 1) firstAnswer();
      return a;
    }),
  );
  await first;
  termSent = true;
  child.kill('SIGTERM');
  const answers = await Promise.all(inFlight);
  for (const a of answers) assert.is(a.status, 200, JSON.stringify(a.body).slice(0, 200));
  assert.ok(afterTerm >= 1, 'requests in flight at SIGTERM were answered');
  assert.is(await exited(child), 0);
  assert.match(out(), /SIGTERM: draining/);
  // The acknowledged event survived: after a restart the same event is a duplicate.
  const again = await spawnServer(['--data', data], { WEFT_TOKEN: 'token-for-the-test-123' });
  const replay = await call(
    again.url,
    '/v1/events',
    { events: [{ id: 'late-1', time: 1, ops: [] }] },
    'token-for-the-test-123',
  );
  assert.equal([replay.body.applied, replay.body.duplicates], [0, 1]);
  again.child.kill('SIGTERM');
  assert.is(await exited(again.child), 0);
});

test('SIGKILL during ingest: after a restart every acknowledged event is there (replayed, each is a duplicate)', async () => {
  const data = freshDir();
  const env = { WEFT_TOKEN: 'token-for-the-test-456' };
  const first = await spawnServer(['--data', data], env);
  const acked: string[] = [];
  let stop = false;
  const writer = (async () => {
    for (let k = 0; !stop; k++) {
      const id = `kill-${k}`;
      try {
        const r = await call(
          first.url,
          '/v1/events',
          {
            events: [
              {
                id,
                time: 2,
                ops: [
                  {
                    op: 'add_edge',
                    rel: 'account__pays__merchant',
                    src: `account-${k % 5000}`,
                    dst: `merchant-${k % 97}`,
                  },
                ],
              },
            ],
          },
          env.WEFT_TOKEN,
        );
        if (r.status === 200) acked.push(id);
      } catch {
        return; // the process is gone
      }
    }
  })();
  await new Promise((r) => setTimeout(r, 400));
  first.child.kill('SIGKILL');
  stop = true;
  await writer;
  await exited(first.child);
  assert.ok(acked.length > 5, `only ${acked.length} batches acknowledged before the kill`);
  const second = await spawnServer(['--data', data], env);
  assert.match(second.out(), /listening/);
  const replay = await call(
    second.url,
    '/v1/events',
    { events: acked.map((id) => ({ id, time: 2, ops: [] })) },
    env.WEFT_TOKEN,
  );
  assert.is(replay.status, 200, JSON.stringify(replay.body));
  assert.is(
    replay.body.duplicates,
    acked.length,
    `${acked.length} acknowledged, ${replay.body.duplicates} found after restart`,
  );
  second.child.kill('SIGTERM');
  assert.is(await exited(second.child), 0);
});

test.run();
