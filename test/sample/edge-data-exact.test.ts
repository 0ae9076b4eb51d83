import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { CpuBackend } from '../../src/backend/cpu-backend.ts';
import { loadGraph, loadModel } from '../../src/model/load.node.ts';
import type { Model } from '../../src/model/model.ts';
import { fullGraph } from '../../src/sample/full-graph.ts';
import { Sampler } from '../../src/sample/sampler.ts';
import type { GraphStore } from '../../src/graph/store.ts';
import type { Mat } from '../../src/tensor/mat.ts';
import { FIXTURES, expectClose } from '../fixtures.ts';
import { REL_TOL, dedup, load } from './fixture-store.ts';

// Models that read edge data (edge_attr, edge_weight), loaded into a store event by event and
// scored through the sampler with every fanout -1: the same scores as the whole graph.
const backend = new CpuBackend();
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

test.run();
