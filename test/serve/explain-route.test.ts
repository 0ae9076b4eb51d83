// POST /v1/explain and GET /v1/neighbourhood over real HTTP: occlusion on a worker thread (scores
// keep being answered meanwhile), a neighbourhood too large to explain refused with what to do.
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readNeighbourhood } from '../../src/explain/neighbourhood-file.ts';
import type { RunningServer } from '../../src/serve/server.node.ts';
import { FIXTURES } from '../fixtures.ts';
import { call, demoServer } from './helpers.ts';

let s: RunningServer;
test.before(async () => {
  s = await demoServer();
});
test.after(async () => s?.close());

const explain = (body: unknown) => call(s.url, '/v1/explain', body);

test('an explanation: the score a score gives, neighbours of its neighbourhood by |delta|', async () => {
  const r = await explain({ target: { type: 'account', id: 'account-3' }, top: 5 });
  assert.is(r.status, 200, JSON.stringify(r.body));
  const scored = await call(s.url, '/v1/score', { targets: [{ type: 'account', id: 'account-3' }] });
  assert.ok(
    Math.abs(r.body.score - scored.body.scores[0].score) <= 1e-5,
    `${r.body.score} vs ${scored.body.scores[0].score}`,
  );
  assert.is(r.body.version, '1');
  const n = readNeighbourhood(
    new Uint8Array(await (await fetch(`${s.url}/v1/neighbourhood/account/account-3`)).arrayBuffer()),
  );
  assert.is(
    r.body.neighbourhood,
    Object.values(n.ids).reduce((k, l) => k + l.length, 0),
  );
  assert.ok(r.body.neighbours.length > 0 && r.body.neighbours.length <= 5);
  for (const [k, nb] of (r.body.neighbours as { type: string; id: string; hop: number; delta: number }[]).entries()) {
    assert.ok(n.ids[nb.type].includes(nb.id), `${nb.type} ${nb.id} is in the neighbourhood`);
    assert.ok(nb.hop >= 1 && nb.hop <= 2);
    if (k > 0) assert.ok(Math.abs(r.body.neighbours[k - 1].delta) >= Math.abs(nb.delta));
  }
});

test('a neighbourhood too large to explain is refused, saying what to do; scores go on meanwhile', async () => {
  const big = explain({ target: { type: 'account', id: 'account-3' }, options: { fanouts: [-1, -1] } });
  const r = await big;
  assert.is(r.status, 400, JSON.stringify(r.body));
  assert.match(
    r.body.message,
    /body\.options: the neighbourhood has \d+ nodes: .* sample fewer neighbours \(smaller fanouts\)/,
  );
  // A long explanation runs on its thread: a score asked meanwhile is answered before it.
  const slow = explain({ target: { type: 'account', id: 'account-3' }, options: { fanouts: [25, 25] } });
  let explained = false;
  void slow.then(() => (explained = true));
  const scored = await call(s.url, '/v1/score', { targets: [{ type: 'account', id: 'account-5' }] });
  assert.is(scored.status, 200);
  assert.not.ok(explained, 'the score came back first');
  const done = await slow;
  assert.ok(done.status === 200 || done.status === 400, JSON.stringify(done.body));
});

test('bad requests name the field', async () => {
  for (const [body, status, msg] of [
    [{ target: { type: 'account', id: 'nope' } }, 404, /no 'account' with id "nope" in the store/],
    [{ target: { type: 'device', id: 'device-1' } }, 400, /type is "device", expected one of account/],
    [{ target: { type: 'account' } }, 400, /body\.target/],
    [{ target: { type: 'account', id: 'account-1' }, top: 0 }, 400, /body\.top/],
    [{ model: 'nope', target: { type: 'account', id: 'account-1' } }, 404, /no model named "nope"/],
  ] as const) {
    const r = await explain(body);
    assert.is(r.status, status, JSON.stringify(r.body));
    assert.match(r.body.message, msg);
  }
  const q = await call(s.url, '/v1/neighbourhood/account/account-1?fanouts=ten');
  assert.is(q.status, 400);
  assert.match(q.body.message, /querystring\.fanouts/);
});

test('an attention model’s explanation carries the attention on the edges into the target', async () => {
  const dir = join(FIXTURES, 'gat2');
  const g = await demoServer({ modelDir: dir, graphFile: join(dir, 'graph.safetensors') });
  try {
    const r = await call(g.url, '/v1/explain', { target: { type: 'node', id: 'node-3' } });
    assert.is(r.status, 200, JSON.stringify(r.body));
    assert.ok(r.body.attention.length > 0);
    const first = r.body.attention.filter((a: { layer: number }) => a.layer === r.body.attention[0].layer);
    const heads = first[0].alpha.length;
    for (let h = 0; h < heads; h++) {
      const sum = first.reduce((s: number, a: { alpha: number[] }) => s + a.alpha[h], 0);
      assert.ok(sum <= 1 + 1e-4, `the target's α over its in-edges sums to at most 1 (top 20 of them): ${sum}`);
    }
    assert.match(first[0].source.id, /^node-\d+$/);
  } finally {
    await g.close();
  }
});

test.run();
