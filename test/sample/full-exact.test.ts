import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { CpuBackend } from '../../src/backend/cpu-backend.ts';
import { loadGraph, loadModel } from '../../src/model/load.node.ts';
import { fullGraph } from '../../src/sample/full-graph.ts';
import { Sampler } from '../../src/sample/sampler.ts';
import { FIXTURES, expectClose } from '../fixtures.ts';
import { REL_TOL, dedup, load } from './fixture-store.ts';

const DIR = join(FIXTURES, 'hetero_sage');
const backend = new CpuBackend();

test('full-neighbourhood samples reproduce full-graph inference of hetero_sage for their targets', async () => {
  const model = await loadModel(DIR);
  const graph = dedup(await loadGraph(join(DIR, 'graph.safetensors')));
  const full = await model.run(graph, { backend });
  const store = load(graph, DIR);
  const sampler = new Sampler(store);
  const cases: Record<string, string[]>[] = [
    { account: ['account0'] },
    { account: ['account7', 'account1199', 'account7'] },
    { merchant: ['merchant105'] },
    { device: ['device3'], account: ['account500'] },
  ];
  for (const targets of cases) {
    const s = sampler.sample(targets, { fanouts: [-1, -1] });
    const out = await model.run(s.batch, { backend });
    for (const [t, ids] of Object.entries(targets)) {
      const want = full.get(`out.${t}`)!;
      const rows = ids.map((id) => Number(id.slice(t.length)));
      const exp = {
        rows: rows.length,
        cols: want.cols,
        data: new Float32Array(rows.flatMap((r) => [...want.data.subarray(r * want.cols, (r + 1) * want.cols)])),
      };
      expectClose(`out.${t} for ${ids.join(',')}`, out.get(`out.${t}`)!, exp, REL_TOL, REL_TOL);
    }
    assert.ok(
      s.batch.x.get('account')!.rows < 1200 || 'merchant' in targets,
      'a 2-hop sample is smaller than the graph',
    );
  }
});

test('a target with no neighbours scores as it does in the whole graph (root weight and bias only)', async () => {
  const model = await loadModel(DIR);
  const store = load(dedup(await loadGraph(join(DIR, 'graph.safetensors'))), DIR);
  store.ingest([
    {
      id: 'lone',
      time: 200,
      ops: [{ op: 'upsert_node', type: 'account', id: 'loner', x: Array.from({ length: 16 }, (_, i) => i / 10 - 0.7) }],
    },
  ]);
  const whole = (await model.run(fullGraph(store), { backend })).get('out.account')!;
  const row = store.nodes.get('account')!.ids.lookup('loner');
  const s = new Sampler(store).sample({ account: ['loner'] }, { fanouts: [-1, -1] });
  assert.is(s.batch.x.get('account')!.rows, 1);
  const exp = { rows: 1, cols: whole.cols, data: whole.data.slice(row * whole.cols, (row + 1) * whole.cols) };
  expectClose(
    'out.account for loner',
    (await model.run(s.batch, { backend })).get('out.account')!,
    exp,
    REL_TOL,
    REL_TOL,
  );
});

test.run();
