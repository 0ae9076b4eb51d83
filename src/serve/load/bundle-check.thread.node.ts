// Worker entry of BundleCheck (bundle-check.node.ts): one model directory at a time, off the server's event loop.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CpuBackend } from '../../backend/cpu-backend.ts';
import { loadGraph, loadModel } from '../../model/load.node.ts';
import { outputProblems } from '../../tensor/compare.ts';
import { readSafetensorsFile } from '../../tensor/io.node.ts';
import type { BundleReport } from './bundle-check.node.ts';
import { answerCalls } from '../thread-calls.node.ts';

async function check(dir: string): Promise<BundleReport> {
  const t0 = performance.now();
  const model = await loadModel(dir);
  const graph = join(dir, 'graph.safetensors');
  const expected = join(dir, 'expected.safetensors');
  if (!existsSync(graph) || !existsSync(expected))
    return { model: model.name, golden: 'none', ms: performance.now() - t0 };
  const out = await model.run(await loadGraph(graph), { backend: new CpuBackend() });
  const problems = outputProblems(out, await readSafetensorsFile(expected), 'expected.safetensors');
  if (problems.length > 0)
    throw new Error(
      `its golden batch (graph.safetensors) does not reproduce expected.safetensors: ${problems.slice(0, 3).join('; ')}`,
    );
  const nodes = [...out.values()].reduce((n, m) => n + m.rows, 0);
  return { model: model.name, golden: 'matched', outputs: [...out.keys()], rows: nodes, ms: performance.now() - t0 };
}

answerCalls(check);
