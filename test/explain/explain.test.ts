// Occlusion explanations: one batched run gives, per neighbour, the score without it; checked
// against runs with that neighbour really cut off, on the CPU and on WebGPU, with and without edge data.
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CpuBackend } from '../../src/backend/cpu-backend.ts';
import { explain } from '../../src/explain/explain.ts';
import type { NodeRef } from '../../src/explain/occlusion.ts';
import { loadGraph, loadModel } from '../../src/model/load.node.ts';
import type { Model } from '../../src/model/model.ts';
import type { Backend } from '../../src/runtime/ops.ts';
import { Scorer } from '../../src/schedule/scorer.ts';
import type { Batch, EdgeSet } from '../../src/tensor/batch.ts';
import { filterCsr } from '../../src/tensor/csr.ts';
import { FIXTURES } from '../fixtures.ts';
import { gpu } from '../kernels/gpu-harness.ts';
import { dedup, load } from '../sample/fixture-store.ts';

const cpu = new CpuBackend();

/** The target's score on `batch` with node (type, row) cut off: its edges filtered out, nothing else changed. */
async function without(model: Model, batch: Batch, target: NodeRef, type: string, row: number, backend: Backend) {
  const edges = new Map<string, EdgeSet>();
  for (const [k, e] of batch.edges)
    edges.set(k, {
      ...e,
      csr: filterCsr(e.csr, (_eid, src, dst) => !(e.src === type && src === row) && !(e.dst === type && dst === row)),
    });
  const out = await model.run(
    { homogeneous: batch.homogeneous, x: batch.x, edges, targets: new Map([[target.type, Int32Array.of(target.row)]]) },
    { backend },
  );
  return out.get(model.graph.hetero ? `out.${target.type}` : 'out')!.data[0];
}

const close = (a: number, b: number, tol: number) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

test('hetero SAGE, a sampled neighbourhood: the base score is the Scorer’s, each delta is the score without that neighbour', async () => {
  const dir = join(FIXTURES, 'hetero_sage');
  const model = await loadModel(dir);
  const store = load(dedup(await loadGraph(join(dir, 'graph.safetensors'))), dir);
  const scorer = new Scorer({ model, store, fanouts: [4, 3] });
  for (const id of ['account3', 'account77']) {
    const sample = scorer.neighbourhood('account', id);
    const e = await explain(model, sample.batch, { type: 'account', row: 0 }, cpu);
    const scored = (await scorer.score({ account: [id] })).scores[0].score[0];
    assert.ok(close(e.score, scored, 1e-5), `${e.score} vs the Scorer's ${scored}`);
    const n = [...sample.batch.x.values()].reduce((s, x) => s + x.rows, 0);
    assert.is(e.neighbours.length, n - 1);
    assert.is(e.nodes, n * n);
    for (let k = 1; k < e.neighbours.length; k++)
      assert.ok(Math.abs(e.neighbours[k - 1].delta) >= Math.abs(e.neighbours[k].delta), 'largest |delta| first');
    assert.ok(Math.abs(e.neighbours[0].delta) > 1e-4, `the top neighbour moves the score (${e.neighbours[0].delta})`);
    for (const nb of [...e.neighbours.slice(0, 3), e.neighbours.at(-1)!]) {
      const cut = await without(model, sample.batch, { type: 'account', row: 0 }, nb.type, nb.row, cpu);
      assert.ok(close(e.score - cut, nb.delta, 1e-5), `${nb.type} ${nb.row}: ${e.score - cut} vs ${nb.delta}`);
    }
    // WebGPU runs the same variants: the same deltas.
    const g = await explain(model, sample.batch, { type: 'account', row: 0 }, await gpu());
    assert.ok(close(g.score, e.score, 1e-4));
    for (let k = 0; k < 5; k++) {
      const c = e.neighbours.find((x) => x.type === g.neighbours[k].type && x.row === g.neighbours[k].row)!;
      assert.ok(close(g.neighbours[k].delta, c.delta, 1e-4), `webgpu ${g.neighbours[k].delta} vs cpu ${c.delta}`);
    }
  }
});

test('GAT with edge attributes: the copies keep each edge’s attributes', async () => {
  const dir = join(FIXTURES, 'gat_edge');
  const model = await loadModel(dir);
  const g = await loadGraph(join(dir, 'graph.safetensors'));
  // The first 60 nodes as a graph of their own (edges among them); the target, the one with most in-edges.
  const keep = 60;
  const e = g.edges.values().next().value!;
  const sub = filterCsr(e.csr, (_eid, s, d) => s < keep && d < keep);
  const rows = { ...sub, numSrc: keep, numDst: keep, rowptr: sub.rowptr.slice(0, keep + 1) };
  const x = g.x.values().next().value!;
  const batch: Batch = {
    homogeneous: true,
    x: new Map([[g.x.keys().next().value!, { rows: keep, cols: x.cols, data: x.data.slice(0, keep * x.cols) }]]),
    edges: new Map([[e.key, { ...e, csr: rows }]]),
  };
  const type = g.x.keys().next().value!;
  let t = 0;
  for (let i = 1; i < keep; i++) if (rows.rowptr[i + 1] - rows.rowptr[i] > rows.rowptr[t + 1] - rows.rowptr[t]) t = i;
  assert.ok(rows.rowptr[t + 1] - rows.rowptr[t] >= 2, 'the target has neighbours');
  const ex = await explain(model, batch, { type, row: t }, cpu);
  for (const nb of ex.neighbours.slice(0, 3)) {
    const cut = await without(model, batch, { type, row: t }, type, nb.row, cpu);
    assert.ok(close(ex.score - cut, nb.delta, 1e-5), `node ${nb.row}: ${ex.score - cut} vs ${nb.delta}`);
  }
  assert.ok(ex.neighbours.some((n) => Math.abs(n.delta) > 1e-4));
});

test.run();
