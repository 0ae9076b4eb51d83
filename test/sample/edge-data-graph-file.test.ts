// A graph file loaded into a store by the server's loader (loadGraphFile) carries its edge data:
// gat_edge sampled from it scores as the file does.
import { test } from 'uvu';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CpuBackend } from '../../src/backend/cpu-backend.ts';
import { DurableStore } from '../../src/graph/durable/durable-store.node.ts';
import { loadGraph, loadModel } from '../../src/model/load.node.ts';
import { Sampler } from '../../src/sample/sampler.ts';
import { loadGraphFile } from '../../src/serve/demo-graph.node.ts';
import { FIXTURES, expectClose } from '../fixtures.ts';
import { REL_TOL, dedup, fixtureSchema } from './fixture-store.ts';

test('gat_edge loaded from its graph file by loadGraphFile scores as the file', async () => {
  const dir = join(FIXTURES, 'gat_edge');
  const file = join(dir, 'graph.safetensors');
  const model = await loadModel(dir);
  const graph = dedup(await loadGraph(file));
  const want = (await model.run(graph, { backend: new CpuBackend() })).get('out')!;
  const data = mkdtempSync(join(tmpdir(), 'weft-edge-file-'));
  try {
    const ds = await DurableStore.open(data, fixtureSchema(graph, dir), { background: false });
    await loadGraphFile(ds, file, () => {});
    const rows = [0, 5, 424, 699];
    const s = new Sampler(ds.store).sample({ node: rows.map((r) => `node-${r}`) }, { fanouts: [-1, -1] });
    const exp = {
      rows: rows.length,
      cols: want.cols,
      data: Float32Array.from(rows.flatMap((r) => [...want.data.subarray(r * want.cols, (r + 1) * want.cols)])),
    };
    expectClose('out', (await model.run(s.batch, { backend: new CpuBackend() })).get('out')!, exp, REL_TOL, REL_TOL);
    await ds.close();
  } finally {
    rmSync(data, { recursive: true, force: true });
  }
});

test.run();
