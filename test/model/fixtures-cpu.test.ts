import { test } from 'uvu';
import { join } from 'node:path';
import { CpuBackend } from '../../src/backend/cpu-backend.ts';
import { loadGraph, loadModel } from '../../src/model/load.node.ts';
import { allCaseDirs, expectMatchesFile } from '../fixtures.ts';

const backend = new CpuBackend();

for (const { name, dir } of allCaseDirs()) {
  test(`case ${name}: CPU backend reproduces PyG`, async () => {
    const model = await loadModel(dir);
    const out = await model.run(await loadGraph(join(dir, 'graph.safetensors')), { backend });
    await expectMatchesFile(out, join(dir, 'expected.safetensors'));
  });
}

test.run();
