// After warm-up a repeated inference creates no buffers and no pipelines: the pool and the pipeline
// cache are proved by their counters, on models that exercise hubs, loops, concat and readback.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { sizeClass } from '../../src/gpu/pool.ts';
import { createNodeWebGpuBackend } from '../../src/backend/gpu-backend.node.ts';
import { loadGraph, loadModel } from '../../src/model/load.node.ts';
import { FIXTURES } from '../fixtures.ts';

const WARM_UP = 2;
const REPEATS = 3;

test('size classes are powers of two from 16 bytes', () => {
  assert.equal([0, 1, 16, 17, 1000, 4096, 4097].map(sizeClass), [16, 16, 16, 32, 1024, 4096, 8192]);
});

for (const c of ['gat_edge', 'hetero_sage', 'gcn2_ew']) {
  test(`${c}: no buffer or pipeline is created after ${WARM_UP} warm-up runs`, async () => {
    const backend = await createNodeWebGpuBackend();
    try {
      const model = await loadModel(join(FIXTURES, c));
      const graph = await loadGraph(join(FIXTURES, c, 'graph.safetensors'));
      for (let i = 0; i < WARM_UP; i++) await model.run(graph, { backend });
      const before = backend.stats();
      for (let i = 0; i < REPEATS; i++) await model.run(graph, { backend });
      assert.equal(backend.stats(), before, `counters after ${REPEATS} more runs`);
      assert.ok(backend.gpu.pool.reused > 0, 'the pool handed buffers out again');
    } finally {
      backend.destroy();
    }
  });
}

test.run();
