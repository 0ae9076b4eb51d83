import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { CpuBackend } from '../../src/backend/cpu-backend.ts';
import { loadGraph, loadModel } from '../../src/model/load.node.ts';
import { Sampler } from '../../src/sample/sampler.ts';
import type { Mat } from '../../src/tensor/mat.ts';
import { gpu } from '../kernels/gpu-harness.ts';
import { FIXTURES, expectClose } from '../fixtures.ts';
import { dedup, load } from '../sample/fixture-store.ts';

// Trimmed and untrimmed runs do the same arithmetic on every row they share, in the same order:
// on the CPU the scores are bit-identical. WebGPU picks kernels by shape, so f32 rounding only.
const GPU_REL_TOL = 1e-5;
const cpu = new CpuBackend();

async function fixture(name: string) {
  const dir = join(FIXTURES, name);
  const model = await loadModel(dir);
  const store = load(dedup(await loadGraph(join(dir, 'graph.safetensors'))), dir);
  return { model, sampler: new Sampler(store) };
}

test('hetero_sage, 1 target, fanouts [10, 5]: layer 1 computes the target and its first hop, layer 2 the target alone', async () => {
  const { model, sampler } = await fixture('hetero_sage');
  const { batch } = sampler.sample({ account: ['account17'] }, { fanouts: [10, 5], seed: 3 });
  const hop = batch.hopRows!;
  const trimmed: Map<string, number>[] = [];
  const full: Map<string, number>[] = [];
  const a = await model.run(batch, { backend: cpu, rows: trimmed });
  const b = await model.run(batch, { backend: cpu, trim: false, rows: full });
  assert.is(trimmed.length, 2, String(model));
  trimmed.forEach((layer, l) => {
    for (const [t, n] of layer) assert.is(n, hop.get(t)![1 - l], `layer ${l + 1}, ${t}: rows within ${1 - l} hops`);
  });
  assert.ok(
    [...hop].some(([, w]) => w[2] > w[1]),
    'the second hop reached nodes that trimming leaves out of layer 1',
  );
  for (const layer of full)
    for (const [t, n] of layer) assert.is(n, batch.x.get(t)!.rows, `untrimmed, ${t}: every row`);
  // Only the targets' rows are scores; the other types' rows are neighbours, computed or not.
  assert.equal(a.get('out.account')!.data, b.get('out.account')!.data, 'the target: trimmed equals untrimmed');
});

test('samples side by side are in hop order too: 8 targets trimmed equal the same run untrimmed, on cpu and webgpu', async () => {
  const { model, sampler } = await fixture('hetero_sage');
  const ids = ['account3', 'account99', 'account3', 'account640'];
  const { batch } = sampler.sampleEach([
    ...ids.map((id, k) => ({ type: 'account', id, options: { fanouts: [6, 4], seed: k } })),
    { type: 'merchant', id: 'merchant7', options: { fanouts: [6, 4] } },
    { type: 'device', id: 'device11', options: { fanouts: [3] } },
    { type: 'account', id: 'account5', options: { fanouts: [2, 2, 2] } },
    { type: 'account', id: 'account8', options: { fanouts: [-1, 0] } },
  ]);
  const trace: Map<string, number>[] = [];
  const want = await model.run(batch, { backend: cpu, trim: false });
  const got = await model.run(batch, { backend: cpu, rows: trace });
  for (const [k, m] of want) assert.equal(got.get(k)!.data, m.data, `${k} on cpu`);
  assert.ok(trace[trace.length - 1].get('account')! < batch.x.get('account')!.rows, 'the last layer is trimmed');
  const webgpu = await gpu();
  const onGpu = await model.run(batch, { backend: webgpu });
  for (const [k, m] of want) expectClose(`${k} on webgpu`, onGpu.get(k)! as Mat, m, GPU_REL_TOL, GPU_REL_TOL);
});

for (const name of ['gat2', 'gin2', 'sage_max2']) {
  test(`${name} (homogeneous): trimmed equals untrimmed, and the last layer computes the targets' rows alone`, async () => {
    const { model, sampler } = await fixture(name);
    const { batch } = sampler.sample({ node: ['node0', 'node40'] }, { fanouts: [5, 5], seed: 1 });
    const trace: Map<string, number>[] = [];
    const got = await model.run(batch, { backend: cpu, rows: trace });
    const want = await model.run(batch, { backend: cpu, trim: false });
    assert.equal(got.get('out')!.data, want.get('out')!.data);
    assert.is(Math.min(...trace.map((m) => m.get('node')!)), 2);
  });
}

test('gcn2 is not trimmed: its normalisation reads the sources’ degrees, which trimming would cut', async () => {
  const { model, sampler } = await fixture('gcn2');
  const { batch } = sampler.sample({ node: ['node5'] }, { fanouts: [5, 5, 5] });
  const trace: Map<string, number>[] = [];
  await model.run(batch, { backend: cpu, rows: trace });
  for (const m of trace) assert.is(m.get('node'), batch.x.get('node')!.rows);
});

test.run();
