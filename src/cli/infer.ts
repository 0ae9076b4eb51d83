import { basename } from 'node:path';
import { outputProblems } from '../tensor/compare.ts';
import { readSafetensorsFile, writeSafetensorsFile } from '../tensor/io.node.ts';
import type { Tensor } from '../tensor/safetensors.ts';
import { loadGraph, loadModel } from '../model/load.node.ts';
import { parseArgs, required } from './args.ts';
import { backendName, openBackend } from '../backend/open-backend.node.ts';

export const INFER_USAGE = 'weft infer --model DIR --graph FILE --out FILE [--backend cpu|webgpu] [--expected FILE]';

/** Run a model directory on a graph file; write `out` / `out.<ntype>` as F32 safetensors; one summary line. */
export async function infer(argv: readonly string[]): Promise<number> {
  const a = parseArgs(argv, ['model', 'graph', 'out', 'backend', 'expected']);
  const modelDir = required(a, 'model', 'a model directory with model.json and weights.safetensors');
  const graphFile = required(a, 'graph', 'a graph.safetensors');
  const outFile = required(a, 'out', 'where to write the outputs');
  const backend = await openBackend(backendName(a.values.get('backend') ?? 'cpu'));
  const model = await loadModel(modelDir);
  const batch = await loadGraph(graphFile);
  const t0 = performance.now();
  const out = await model.run(batch, { backend });
  const ms = performance.now() - t0;
  const tensors = new Map<string, Tensor>(
    [...out].map(([k, m]) => [k, { dtype: 'F32', shape: [m.rows, m.cols], data: m.data }]),
  );
  await writeSafetensorsFile(outFile, tensors, { generator: 'weft infer', model: model.name, backend: backend.name });
  const nodes = [...batch.x.values()].reduce((n, x) => n + x.rows, 0);
  const edges = [...batch.edges.values()].reduce((n, e) => n + e.csr.numEdges, 0);
  const shapes = [...out].map(([k, m]) => `${k} [${m.rows},${m.cols}]`).join(', ');
  let verdict = '';
  let code = 0;
  const expectedFile = a.values.get('expected');
  if (expectedFile) {
    const exp = await readSafetensorsFile(expectedFile);
    const problems = outputProblems(out, exp, basename(expectedFile));
    verdict =
      problems.length === 0
        ? `; matches ${basename(expectedFile)} (1e-4 relative)`
        : `; MISMATCH: ${problems.join('; ')}`;
    code = problems.length === 0 ? 0 : 1;
  }
  console.log(
    `weft infer: ${model.name}, ${nodes} nodes, ${edges} edges → ${shapes} in ${outFile}; ${backend.description}; ${ms.toFixed(2)} ms${verdict}`,
  );
  return code;
}
