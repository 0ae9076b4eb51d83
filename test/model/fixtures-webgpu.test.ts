import { test } from 'uvu';
import { join } from 'node:path';
import { loadGraph, loadModel } from '../../src/model/load.node.ts';
import { allCaseDirs, expectMatchesFile } from '../fixtures.ts';
import { gpu, PROFILES } from '../kernels/gpu-harness.ts';

// Every case (the shared fixtures and Weft's own test/cases) under each set of tunables (register-blocked GEMM and 16 hub lanes as on SwiftShader,
// tiled GEMM and 64 hub lanes as on GPUs), at the fixtures' 1e-4 relative. No adapter fails every
// test here, in CI or not (the rest of the suite still runs): a GPU suite that passes without a GPU
// proves nothing.
for (const profile of Object.keys(PROFILES) as (keyof typeof PROFILES)[]) {
  for (const { name, dir } of allCaseDirs()) {
    test(`fixture ${name}: WebGPU backend reproduces PyG [${profile}]`, async () => {
      const backend = await gpu(profile);
      const model = await loadModel(dir);
      const out = await model.run(await loadGraph(join(dir, 'graph.safetensors')), { backend });
      await expectMatchesFile(out, join(dir, 'expected.safetensors'));
    });
  }
}

test('the adapter is named: vendor, architecture, description', async () => {
  const { description } = await gpu();
  console.log(`  adapter: ${description}`);
  if (!/^webgpu: \S/.test(description))
    throw new Error(`backend description '${description}', expected 'webgpu: <vendor / architecture / …>'`);
});

test.run();
