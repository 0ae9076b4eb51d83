import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { CpuBackend } from '../../src/backend/cpu-backend.ts';
import { loadGraph, loadModel } from '../../src/model/load.node.ts';
import type { Model } from '../../src/model/model.ts';
import { fullGraph } from '../../src/sample/full-graph.ts';
import { Sampler } from '../../src/sample/sampler.ts';
import type { GraphStore } from '../../src/graph/store.ts';
import type { Batch, EdgeSet } from '../../src/tensor/batch.ts';
import { buildCsr } from '../../src/tensor/csr.ts';
import { mat, type Mat } from '../../src/tensor/mat.ts';
import { FIXTURES, expectClose } from '../fixtures.ts';
import { gpu } from '../kernels/gpu-harness.ts';
import { REL_TOL, dedup, load } from './fixture-store.ts';

// Models that read edge data (edge_attr, edge_weight), loaded into a store event by event and
// scored through the sampler with every fanout -1: the same scores as the whole graph.
const backend = new CpuBackend();
// WebGPU sums a row in another order than the CPU twin (the hub's 2,000 in-edges): f32 rounding only.
const GPU_REL_TOL = 1e-4;
const CASES = ['gat_edge', 'gine', 'gcn2_ew'];
const TARGETS = [0, 7, 424, 465, 602, 699];

/** Fanouts that make a sample exact: GCN's normalisation reads one hop more than it has layers (see Sampler). */
const fanouts = (m: Model) => Array.from({ length: m.hops + 1 }, () => -1);

/** rows of m as a Mat. */
const pick = (m: Mat, rows: readonly number[]): Mat => ({
  rows: rows.length,
  cols: m.cols,
  data: Float32Array.from(rows.flatMap((r) => [...m.data.subarray(r * m.cols, (r + 1) * m.cols)])),
});

/** Every target scored from one sample, and each from its own (sampleEach), against `want` (rows = store index). */
async function expectSampled(name: string, model: Model, store: GraphStore, want: Mat): Promise<void> {
  const sampler = new Sampler(store);
  const ids = TARGETS.map((r) => `node${r}`);
  const one = sampler.sample({ node: ids }, { fanouts: fanouts(model) });
  expectClose(
    `${name}: out (one sample)`,
    (await model.run(one.batch, { backend })).get('out')!,
    pick(want, TARGETS),
    REL_TOL,
    REL_TOL,
  );
  const each = sampler.sampleEach(ids.map((id) => ({ type: 'node', id, options: { fanouts: fanouts(model) } })));
  expectClose(
    `${name}: out (sampleEach)`,
    (await model.run(each.batch, { backend })).get('out')!,
    pick(want, TARGETS),
    REL_TOL,
    REL_TOL,
  );
  // The same sample on WebGPU, whose kernels read edge_attr / edge_weight from the batch's buffers.
  expectClose(
    `${name}: out (one sample, WebGPU)`,
    (await model.run(one.batch, { backend: await gpu() })).get('out')!,
    pick(want, TARGETS),
    GPU_REL_TOL,
    GPU_REL_TOL,
  );
}

for (const name of CASES) {
  test(`${name}: sampled from the store, scores equal the graph file's`, async () => {
    const dir = join(FIXTURES, name);
    const model = await loadModel(dir);
    const graph = dedup(await loadGraph(join(dir, 'graph.safetensors')));
    const full = (await model.run(graph, { backend })).get('out')!;
    const store = load(graph, dir);
    const e = [...graph.edges.values()][0];
    assert.ok(e.edgeAttr || e.edgeWeight, 'the fixture carries edge data');
    await expectSampled(name, model, store, full);
  });

  test(`${name}: a re-add replaces the edge's data (the last applied wins)`, async () => {
    const dir = join(FIXTURES, name);
    const model = await loadModel(dir);
    const graph = dedup(await loadGraph(join(dir, 'graph.safetensors')));
    const store = load(graph, dir);
    const before = (await model.run(fullGraph(store), { backend })).get('out')!;
    const spec = store.schema.relations.get('node__to__node')!;
    const es = graph.edges.get('node__to__node')!;
    const ops = [];
    for (const i of TARGETS)
      for (let j = es.csr.rowptr[i]; j < es.csr.rowptr[i + 1]; j += 2)
        ops.push({
          op: 'add_edge' as const,
          rel: spec.key,
          src: `node${es.csr.col[j]}`,
          dst: `node${i}`,
          ...(spec.edgeAttr > 0 && { attr: Array.from({ length: spec.edgeAttr }, (_, f) => ((j + f) % 7) / 3 - 1) }),
          ...(spec.edgeWeight && { w: 0.25 + (j % 5) }),
        });
    store.ingest([{ id: 'readd', time: 50, ops }]);
    const after = (await model.run(fullGraph(store), { backend })).get('out')!;
    assert.ok(
      TARGETS.some((r) => after.data[r * after.cols] !== before.data[r * before.cols]),
      'the new edge data changes scores',
    );
    await expectSampled(`${name} after re-adds`, model, store, after);
  });
}

/** g without node v's edges (and its features zero): for every other node, the graph with v removed. */
function without(g: Batch, v: number): Batch {
  const edges = new Map<string, EdgeSet>();
  for (const [k, es] of g.edges) {
    const c = es.csr,
      keep: number[] = [],
      s: number[] = [],
      d: number[] = [];
    for (let i = 0; i < c.numDst; i++)
      for (let j = c.rowptr[i]; j < c.rowptr[i + 1]; j++)
        if (i !== v && c.col[j] !== v) {
          keep.push(c.eid[j]);
          s.push(c.col[j]);
          d.push(i);
        }
    const a = es.edgeAttr,
      w = es.edgeWeight;
    edges.set(k, {
      ...es,
      csr: buildCsr(Int32Array.from(s), Int32Array.from(d), c.numSrc, c.numDst),
      edgeAttr:
        a &&
        mat(
          keep.length,
          a.cols,
          Float32Array.from(keep.flatMap((e) => [...a.data.subarray(e * a.cols, (e + 1) * a.cols)])),
        ),
      edgeWeight: w && Float32Array.from(keep, (e) => w[e]),
    });
  }
  const x = new Map(g.x);
  const m = g.x.get('node')!;
  const data = m.data.slice();
  data.fill(0, v * m.cols, (v + 1) * m.cols);
  x.set('node', mat(m.rows, m.cols, data));
  return { ...g, x, edges };
}

for (const name of CASES) {
  test(`${name}: after a delete_node, equal to the graph without the node`, async () => {
    const dir = join(FIXTURES, name);
    const model = await loadModel(dir);
    const graph = dedup(await loadGraph(join(dir, 'graph.safetensors')));
    const store = load(graph, dir);
    // The node with the most out-edges: its features and edges reach the most scores.
    const c = graph.edges.get('node__to__node')!.csr;
    const sends = new Int32Array(c.numSrc);
    for (const j of c.col) sends[j]++;
    const hub = sends.indexOf(Math.max(...sends));
    store.ingest([{ id: 'drop', time: 300, ops: [{ op: 'delete_node', type: 'node', id: `node${hub}` }] }]);
    const want = (await model.run(without(graph, hub), { backend })).get('out')!;
    // Targets it sends to: their scores read its features and edges.
    const rows = Array.from({ length: c.numDst }, (_, i) => i)
      .filter((i) => i !== hub && c.col.subarray(c.rowptr[i], c.rowptr[i + 1]).includes(hub))
      .slice(0, 6);
    assert.ok(rows.length > 0, 'the hub sends to some node');
    const s = new Sampler(store).sample({ node: rows.map((r) => `node${r}`) }, { fanouts: fanouts(model) });
    expectClose(
      `${name} without node${hub}`,
      (await model.run(s.batch, { backend })).get('out')!,
      pick(want, rows),
      REL_TOL,
      REL_TOL,
    );
  });
}

/** Cases in test/cases whose edges carry data, with targets of every scored type. */
const MORE: [string, Record<string, number[]>][] = [
  ['gatv2_edge_shared', { node: [0, 3, 90, 179] }],
  ['hetero_edge_attr', { account: [0, 9, 149], device: [0, 59], merchant: [3, 39] }],
];
for (const [name, targets] of MORE) {
  test(`${name} (test/cases): sampled from the store, scores equal the graph file's`, async () => {
    const dir = join('test', 'cases', name);
    const model = await loadModel(dir);
    const graph = dedup(await loadGraph(join(dir, 'graph.safetensors')));
    const full = await model.run(graph, { backend });
    const store = load(graph, dir);
    const ids = Object.fromEntries(Object.entries(targets).map(([t, rows]) => [t, rows.map((r) => `${t}${r}`)]));
    const out = await model.run(new Sampler(store).sample(ids, { fanouts: fanouts(model) }).batch, { backend });
    for (const [t, rows] of Object.entries(targets)) {
      const key = graph.homogeneous ? 'out' : `out.${t}`;
      expectClose(`${name}: ${key}`, out.get(key)!, pick(full.get(key)!, rows), REL_TOL, REL_TOL);
    }
  });
}

test.run();
