import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { loadGraph, loadModel } from '../model/load.node.ts';
import { parseArgs } from './args.ts';
import { backendName, openBackend } from '../backend/open-backend.node.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const DEMO_USAGE = 'weft demo [--model DIR] [--graph FILE] [--backend cpu|webgpu] [--runs N]';

/** Score the embedded model on its graph: the top scores, the backend, cold and warm times. */
export async function demo(argv: readonly string[]): Promise<number> {
  const a = parseArgs(argv, ['model', 'graph', 'backend', 'runs']);
  const dir = a.values.get('model') ?? join(ROOT, 'models', 'demo');
  const runs = Number(a.values.get('runs') ?? 20);
  if (!Number.isInteger(runs) || runs < 1)
    throw new Error(`--runs is '${a.values.get('runs')}', expected a positive integer`);
  const backend = await openBackend(backendName(a.values.get('backend') ?? 'cpu'));
  const model = await loadModel(dir);
  const batch = await loadGraph(a.values.get('graph') ?? join(dir, 'graph.safetensors'));
  console.log(`model   ${model}`);
  console.log(`backend ${backend.description}`);
  let t = performance.now();
  const out = await model.run(batch, { backend });
  const cold = performance.now() - t;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    t = performance.now();
    await model.run(batch, { backend });
    times.push(performance.now() - t);
  }
  times.sort((x, y) => x - y);
  for (const [name, m] of out) {
    const order = Array.from({ length: m.rows }, (_, i) => i).sort((i, j) => m.data[j * m.cols] - m.data[i * m.cols]);
    console.log(`${name}: ${m.rows} rows × ${m.cols}; highest first column:`);
    for (const i of order.slice(0, 10))
      console.log(`  node ${String(i).padStart(6)}  ${m.data[i * m.cols].toFixed(6)}`);
  }
  console.log(
    `time    first run ${cold.toFixed(2)} ms; warm p50 ${times[Math.floor(runs / 2)].toFixed(2)} ms, max ${times[runs - 1].toFixed(2)} ms over ${runs} runs`,
  );
  return 0;
}
