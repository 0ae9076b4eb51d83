import { test } from 'uvu';
import { join } from 'node:path';
import { createNodeWebGpuBackend } from '../../src/kernels/gpu-backend-node.ts';
import { loadGraph, loadModel } from '../../src/model/load-node.ts';
import { FIXTURES, expectMatchesFile, fixtureCases } from '../fixtures.ts';

// No adapter is a failure here, in CI or not: a GPU suite that passes without a GPU proves nothing.
const backend = await createNodeWebGpuBackend();

for (const c of fixtureCases()) {
  test(`fixture ${c}: WebGPU backend reproduces PyG (${backend.description})`, async () => {
    const dir = join(FIXTURES, c);
    const model = await loadModel(dir);
    const out = await model.run(await loadGraph(join(dir, 'graph.safetensors')), { backend });
    await expectMatchesFile(out, join(dir, 'expected.safetensors'));
  });
}

test.after(() => backend.destroy());
test.run();
