import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphStore } from '../../src/graph/store.ts';
import { schemaFromModelJson } from '../../src/graph/schema.ts';
import { CpuBackend } from '../../src/kernels/cpu-backend.ts';
import { loadGraph, loadModel } from '../../src/model/load-node.ts';
import { fullGraph } from '../../src/sample/full-graph.ts';
import { Sampler } from '../../src/sample/sampler.ts';
import type { Batch, EdgeSet } from '../../src/tensor/batch.ts';
import { buildCsr } from '../../src/tensor/csr.ts';
import type { GraphEvent, GraphOp } from '../../src/graph/events.ts';
import { FIXTURES, expectClose } from '../fixtures.ts';

// Same math, different summation order (sampled rows list edges in another order): f32 rounding only.
const REL_TOL = 1e-5;
const DIR = join(FIXTURES, 'hetero_sage');
const backend = new CpuBackend();

/** The fixture graph with duplicate edges collapsed: a store keeps one edge per (src, relation, dst). */
function dedup(g: Batch): Batch {
  const edges = new Map<string, EdgeSet>();
  for (const [k, es] of g.edges) {
    const c = es.csr, seen = new Set<number>(), s: number[] = [], d: number[] = [];
    for (let i = 0; i < c.numDst; i++) {
      for (let j = c.rowptr[i]; j < c.rowptr[i + 1]; j++) {
        if (seen.has(c.col[j] * c.numDst + i)) continue;
        seen.add(c.col[j] * c.numDst + i);
        s.push(c.col[j]);
        d.push(i);
      }
    }
    edges.set(k, { ...es, csr: buildCsr(Int32Array.from(s), Int32Array.from(d), c.numSrc, c.numDst) });
  }
  return { ...g, edges };
}

/** Nodes upserted in index order, so store index = fixture row; then every edge, in batches. */
function load(g: Batch): GraphStore {
  const store = new GraphStore(schemaFromModelJson(JSON.parse(readFileSync(join(DIR, 'model.json'), 'utf8'))));
  const events: GraphEvent[] = [];
  for (const [t, x] of g.x) {
    for (let r = 0; r < x.rows; r++) events.push({ id: `n-${t}-${r}`, time: 100, ops: [{ op: 'upsert_node', type: t, id: `${t}${r}`, x: [...x.data.subarray(r * x.cols, (r + 1) * x.cols)] }] });
  }
  for (const [k, es] of g.edges) {
    const c = es.csr;
    const ops: GraphOp[] = [];
    for (let i = 0; i < c.numDst; i++) for (let j = c.rowptr[i]; j < c.rowptr[i + 1]; j++) ops.push({ op: 'add_edge', rel: k, src: `${es.src}${c.col[j]}`, dst: `${es.dst}${i}` });
    for (let at = 0; at < ops.length; at += 500) events.push({ id: `e-${k}-${at}`, time: 100, ops: ops.slice(at, at + 500) });
  }
  store.apply(events);
  return store;
}

test('full-neighbourhood samples reproduce full-graph inference of hetero_sage for their targets', async () => {
  const model = await loadModel(DIR);
  const graph = dedup(await loadGraph(join(DIR, 'graph.safetensors')));
  const full = await model.run(graph, { backend });
  const store = load(graph);
  const sampler = new Sampler(store);
  const cases: Record<string, string[]>[] = [
    { account: ['account0'] }, { account: ['account7', 'account1199', 'account7'] }, { merchant: ['merchant105'] },
    { device: ['device3'], account: ['account500'] },
  ];
  for (const targets of cases) {
    const s = sampler.sample(targets, { fanouts: [-1, -1] });
    const out = await model.run(s.batch, { backend });
    for (const [t, ids] of Object.entries(targets)) {
      const want = full.get(`out.${t}`)!;
      const rows = ids.map((id) => Number(id.slice(t.length)));
      const exp = { rows: rows.length, cols: want.cols, data: new Float32Array(rows.flatMap((r) => [...want.data.subarray(r * want.cols, (r + 1) * want.cols)])) };
      expectClose(`out.${t} for ${ids.join(',')}`, out.get(`out.${t}`)!, exp, REL_TOL, REL_TOL);
    }
    assert.ok(s.batch.x.get('account')!.rows < 1200 || 'merchant' in targets, 'a 2-hop sample is smaller than the graph');
  }
});

test('a target with no neighbours scores as it does in the whole graph (root weight and bias only)', async () => {
  const model = await loadModel(DIR);
  const store = load(dedup(await loadGraph(join(DIR, 'graph.safetensors'))));
  store.apply([{ id: 'lone', time: 200, ops: [{ op: 'upsert_node', type: 'account', id: 'loner', x: Array.from({ length: 16 }, (_, i) => i / 10 - 0.7) }] }]);
  const whole = (await model.run(fullGraph(store), { backend })).get('out.account')!;
  const row = store.nodes.get('account')!.ids.lookup('loner');
  const s = new Sampler(store).sample({ account: ['loner'] }, { fanouts: [-1, -1] });
  assert.is(s.batch.x.get('account')!.rows, 1);
  const exp = { rows: 1, cols: whole.cols, data: whole.data.slice(row * whole.cols, (row + 1) * whole.cols) };
  expectClose('out.account for loner', (await model.run(s.batch, { backend })).get('out.account')!, exp, REL_TOL, REL_TOL);
});

test.run();
