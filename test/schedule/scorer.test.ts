import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { CpuBackend } from '../../src/backend/cpu-backend.ts';
import { loadGraph, loadModel } from '../../src/model/load.node.ts';
import type { Model } from '../../src/model/model.ts';
import { ScoreError } from '../../src/schedule/errors.ts';
import { Scorer } from '../../src/schedule/scorer.ts';
import type { Scores } from '../../src/schedule/scores.ts';
import type { GraphStore } from '../../src/graph/store.ts';
import { gpu } from '../kernels/gpu-harness.ts';
import { FIXTURES, expectClose } from '../fixtures.ts';
import { dedup, load } from '../sample/fixture-store.ts';

// The CPU twin is deterministic row by row, so a target's score is bit-identical however it is
// batched; WebGPU sums in another order: f32 rounding only, relative to the largest score.
const GPU_REL_TOL = 1e-5;
const DIR = join(FIXTURES, 'hetero_sage');

let fixture: Promise<{
  model: Model;
  store: GraphStore;
  full: Map<string, { rows: number; cols: number; data: Float32Array }>;
}>;
function hetero() {
  fixture ??= (async () => {
    const model = await loadModel(DIR);
    const graph = dedup(await loadGraph(join(DIR, 'graph.safetensors')));
    const full = await model.run(graph, { backend: new CpuBackend() });
    return { model, store: load(graph, DIR), full };
  })();
  return fixture;
}

/** Score rows as one matrix, for expectClose. */
const asMat = (rows: readonly Float32Array[]) => ({
  rows: rows.length,
  cols: rows[0].length,
  data: new Float32Array(rows.flatMap((r) => [...r])),
});
/** Rows `rows` of a full-graph output. */
const fullRows = (m: { cols: number; data: Float32Array }, rows: number[]) =>
  asMat(rows.map((r) => m.data.subarray(r * m.cols, (r + 1) * m.cols)));
const accounts = (n: number, from = 0): string[] => Array.from({ length: n }, (_, i) => `account${from + i * 7}`);
const rowOf = (s: Scores, id: string): Float32Array => s.scores.find((t) => t.id === id)!.score;

async function refused(p: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  try {
    await p;
  } catch (e) {
    assert.instance(e, ScoreError);
    assert.is((e as ScoreError).code, code, (e as Error).message);
    assert.match((e as Error).message, message);
    return;
  }
  assert.unreachable(`expected a '${code}' refusal`);
}

test('fanouts -1: the scorer equals full-graph inference for every target, in request order', async () => {
  const { model, store, full } = await hetero();
  const scorer = new Scorer({ model, store });
  const ids = ['account5', 'account0', 'account1199', 'account5'];
  const s = await scorer.score({ account: ids }, { fanouts: [-1, -1] });
  assert.equal(
    s.scores.map((t) => t.id),
    ids,
  );
  const exp = fullRows(
    full.get('out.account')!,
    ids.map((id) => Number(id.slice('account'.length))),
  );
  expectClose('scores', asMat(s.scores.map((t) => t.score)), exp, 1e-5, 1e-5);
  assert.is(s.model, model.name);
  assert.is(s.backend, 'cpu');
  assert.is(s.batch.targets, 4);
});

test('a homogeneous model (gat2, self loops): fanouts -1 scores equal full-graph inference', async () => {
  const dir = join(FIXTURES, 'gat2');
  const model = await loadModel(dir);
  const graph = dedup(await loadGraph(join(dir, 'graph.safetensors')));
  const full = (await model.run(graph, { backend: new CpuBackend() })).get('out')!;
  const scorer = new Scorer({ model, store: load(graph, dir) });
  const ids = ['node3', 'node0', 'node3'];
  const s = await scorer.score({ node: ids }, { fanouts: [-1, -1] });
  const exp = fullRows(
    full,
    ids.map((id) => Number(id.slice('node'.length))),
  );
  expectClose('gat2 scores', asMat(s.scores.map((t) => t.score)), exp, 1e-5, 1e-5);
  await refused(scorer.score({ account: ['a'] }), 'bad_request', /expected a node type the model scores \(node\)/);
});

test('sampled: a target scores the same alone, in a request of 64, and among 100 concurrent callers', async () => {
  const { model, store } = await hetero();
  const scorer = new Scorer({ model, store, fanouts: [3, 2] });
  const ids = accounts(64);
  const alone = new Map<string, Float32Array>();
  for (const id of ids) alone.set(id, rowOf(await scorer.score({ account: [id] }, { seed: 9 }), id));
  const together = await scorer.score({ account: ids }, { seed: 9 });
  for (const id of ids) assert.equal(rowOf(together, id), alone.get(id), `${id} in a request of 64`);
  const callers = await Promise.all(
    Array.from({ length: 100 }, (_, k) => scorer.score({ account: [ids[k % 64], ids[(k * 5) % 64]] }, { seed: 9 })),
  );
  for (const s of callers) for (const t of s.scores) assert.equal(t.score, alone.get(t.id), `${t.id} under load`);
  assert.ok(
    callers.some((s) => s.batch.requests > 1),
    'concurrent requests share runs',
  );
  assert.ok(
    callers.every((s) => s.batch.targets <= scorer.maxBatchTargets),
    'no run is larger than maxBatchTargets',
  );
  const other = await scorer.score({ account: [ids[1]] }, { seed: 10 });
  assert.not.equal(rowOf(other, ids[1]), alone.get(ids[1]), 'another seed draws another sample');
});

test('a request that finds no run under way starts one at once', async () => {
  const { model, store } = await hetero();
  const scorer = new Scorer({ model, store });
  const s = await scorer.score({ account: ['account3'] });
  assert.is(s.batch.requests, 1);
  assert.ok(s.timings.queue < 5, `queued ${s.timings.queue} ms`);
  const { sample, upload, compute, readback, total } = s.timings;
  for (const [k, v] of Object.entries(s.timings)) assert.ok(v >= 0, `timings.${k} is ${v}`);
  assert.ok(compute > 0, 'the layers took some time');
  assert.ok(total >= sample + upload + compute + readback, JSON.stringify(s.timings));
});

test('maxWaitMs holds the run of an idle scorer for company, and starts it as soon as it is full', async () => {
  const { model, store } = await hetero();
  const scorer = new Scorer({ model, store, maxWaitMs: 30, maxBatchTargets: 4 });
  const t0 = performance.now();
  const [a, b] = await Promise.all([scorer.score({ account: ['account1'] }), scorer.score({ account: ['account2'] })]);
  assert.is(a.batch.id, b.batch.id, 'two requests held for each other ride one run');
  assert.ok(performance.now() - t0 >= 29, 'the run waited for company');
  const t1 = performance.now();
  const full = await Promise.all(
    ['account1', 'account2', 'account3', 'account4'].map((id) => scorer.score({ account: [id] })),
  );
  assert.is(full[0].batch.targets, 4);
  assert.ok(performance.now() - t1 < 29, `a full run does not wait (${(performance.now() - t1).toFixed(1)} ms)`);
});

test('bad targets and options are refused before any work, naming the field, the value and what was expected', async () => {
  const { model, store } = await hetero();
  const scorer = new Scorer({ model, store, maxBatchTargets: 8 });
  const cases: [unknown, unknown, RegExp][] = [
    [null, {}, /^targets is null, expected an object of node type/],
    [{ card: ['card1'] }, {}, /targets is "card", expected a node type the model scores \(account, device, merchant\)/],
    [{ account: [] }, {}, /targets.account is \[\], expected a non-empty list of ids/],
    [{ account: ['account1', 'nobody'] }, {}, /targets.account\[1\] is "nobody", expected a 'account' id in the store/],
    [{ account: [7] }, {}, /targets.account\[0\] is 7, expected an id/],
    [{ account: accounts(9) }, {}, /9 targets.*at most 8 in one request/],
    [{ account: ['account1'] }, { fanouts: [10, 'x'] }, /options.fanouts\[1\] is "x", expected an integer >= 0, or -1/],
    [{ account: ['account1'] }, { fanouts: [] }, /options.fanouts is \[\], expected a non-empty list/],
    [{ account: ['account1'] }, { fanout: [1] }, /options.fanout is \[1\], expected no such option/],
    [{ account: ['account1'] }, { seed: -1 }, /options.seed is -1, expected an integer in \[0, 2\^32\)/],
    [
      { account: ['account1'] },
      { mode: 'best' },
      /options.mode is "best", expected one of uniform, recent, weighted, top/,
    ],
    [{ account: ['account1'] }, { deadlineMs: 0 }, /options.deadlineMs is 0, expected a positive number/],
    [{ account: ['account1'] }, { backend: 'tpu' }, /options.backend is "tpu", expected one of auto, cpu, webgpu/],
    [{ account: ['account1'] }, { backend: 'webgpu' }, /this scorer has no WebGPU backend/],
    [
      { account: ['account1'] },
      { relationFanouts: { account__likes__merchant: [1, 1] } },
      /options.relationFanouts is "account__likes__merchant", expected a relation of the store/,
    ],
    [
      { account: ['account1'] },
      { relationFanouts: { account__pays__merchant: [1] } },
      /options.relationFanouts.account__pays__merchant is \[1\], expected 2 hops, as fanouts/,
    ],
  ];
  for (const [targets, options, message] of cases)
    await refused(scorer.score(targets as never, options as never), 'bad_request', message);
});

test('past the queue bound a request is refused at once with overloaded; every request is answered', async () => {
  const { model, store } = await hetero();
  const scorer = new Scorer({ model, store, maxBatchTargets: 4, maxQueueTargets: 8 });
  const calls = Array.from({ length: 30 }, (_, k) => scorer.score({ account: [`account${k}`, `account${k + 1}`] }));
  const settled = await Promise.allSettled(calls);
  const ok = settled.filter((r) => r.status === 'fulfilled').length;
  const over = settled.filter((r) => r.status === 'rejected' && (r.reason as ScoreError).code === 'overloaded');
  assert.is(ok + over.length, 30, 'every request is scored or refused as overloaded');
  // All 30 arrive in one turn of the loop, before the first run starts (runs start on the next
  // turn): the queue's 8 targets hold exactly 4 of these 2-target requests.
  assert.ok(over.length > 0 && ok >= 4, `${ok} scored, ${over.length} refused`);
  assert.match((over[0] as PromiseRejectedResult).reason.message, /targets are waiting \(at most 8\)/);
});

test('a deadline the runs ahead cannot meet is refused with deadline, at once', async () => {
  const { model, store } = await hetero();
  const scorer = new Scorer({ model, store, maxBatchTargets: 2 });
  // two runs: the first warms up and is not planned by, the second tells what a run costs
  for (const id of ['account1', 'account2']) await scorer.score({ account: [id] });
  const busy = Array.from({ length: 20 }, (_, k) => scorer.score({ account: [`account${k}`] }));
  await refused(
    scorer.score({ account: ['account2'] }, { deadlineMs: 1e-3 }),
    'deadline',
    /past the 0.001 ms deadline/,
  );
  await Promise.all(busy);
});

test('webgpu: forced, or by batch size under auto, the same scores as the CPU', async () => {
  const { model, store } = await hetero();
  const webgpu = await gpu();
  const cpu = new Scorer({ model, store, fanouts: [4, 3] });
  const auto = new Scorer({ model, store, fanouts: [4, 3], webgpu, crossoverNodes: 100 });
  const ids = accounts(16, 3);
  const want = await cpu.score({ account: ids });
  const forced = await auto.score({ account: ids.slice(0, 1) }, { backend: 'webgpu' });
  assert.is(forced.backend, 'webgpu');
  assert.ok(
    forced.timings.upload > 0 && forced.timings.readback > 0,
    `stages timed: ${JSON.stringify(forced.timings)}`,
  );
  const big = await auto.score({ account: ids });
  assert.is(big.backend, 'webgpu', `${big.batch.nodes} nodes, crossover 100`);
  const byDefault = new Scorer({ model, store, webgpu });
  assert.is(
    byDefault.crossoverNodes,
    webgpu.software ? Number.POSITIVE_INFINITY : 5000,
    'on SwiftShader, auto stays on the CPU',
  );
  const small = await auto.score({ account: ids.slice(0, 1) }, { fanouts: [0, 0] });
  assert.is(small.backend, 'cpu', `${small.batch.nodes} node, crossover 100`);
  const mat = (s: Scores, n = s.scores.length) => asMat(s.scores.slice(0, n).map((t) => t.score));
  expectClose('webgpu vs cpu', mat(big), mat(want), GPU_REL_TOL, GPU_REL_TOL);
  expectClose('forced webgpu', mat(forced), mat(want, 1), GPU_REL_TOL, GPU_REL_TOL);
});

test('two WebGPU devices (two adapters): runs in flight on both, the same scores as the CPU', async () => {
  const { model, store } = await hetero();
  const devices = [await gpu('default'), await gpu('cpu-like')];
  assert.is.not(devices[0].gpu.device, devices[1].gpu.device, 'two devices');
  const cpu = new Scorer({ model, store, fanouts: [4, 3] });
  const two = new Scorer({ model, store, fanouts: [4, 3], webgpu: devices, maxBatchTargets: 2 });
  assert.is(two.maxInFlight, 3);
  const ids = accounts(12, 5);
  await refused(two.warmUp({ account: ['nobody'] }), 'bad_request', /targets.account\[0\] is "nobody"/);
  await two.warmUp({ account: ids.slice(0, 2) }); // the CPU and both devices, once each
  const want = await cpu.score({ account: ids });
  const got = await Promise.all(ids.map((id) => two.score({ account: [id] }, { backend: 'webgpu' })));
  assert.equal([...new Set(got.map((s) => s.device))].sort(), [0, 1], 'both devices ran batches');
  expectClose(
    'two devices vs cpu',
    asMat(got.map((s) => s.scores[0].score)),
    asMat(want.scores.map((t) => t.score)),
    GPU_REL_TOL,
    GPU_REL_TOL,
  );
});

test.run();
