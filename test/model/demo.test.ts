import { test } from 'uvu';
import { join } from 'node:path';
import { BACKENDS, openBackend } from '../../src/backend/open-backend.node.ts';
import { loadGraph, loadModel } from '../../src/model/load.node.ts';
import { expectMatchesFile } from '../fixtures.ts';

// The embedded demo (models/demo/README.md): PyG's scores, saved by train.py, against Weft's.
const DEMO = join(process.cwd(), 'models', 'demo');
for (const name of BACKENDS) {
  test(`demo model on the demo graph: ${name} backend reproduces PyG's scores`, async () => {
    const backend = await openBackend(name);
    const model = await loadModel(DEMO);
    const out = await model.run(await loadGraph(join(DEMO, 'graph.safetensors')), { backend });
    await expectMatchesFile(out, join(DEMO, 'expected.safetensors'));
  });
}

test.run();
