// `npm run bench -- scale [--nodes 1000,10000,...] [--models sage,gat] [--backends cpu,webgpu] [--quick]`:
// a 2-layer SAGEConv mean and a 2-layer GATConv (F = H = 64) on random graphs of 10 edges a node,
// 1k to 1M nodes (10k to 10M edges; --quick: 1k and 10k), on each backend: the time of one
// inference (upload + compute + readback, model loaded, graph in memory) and per edge, to show
// whether time grows linearly and where WebGPU overtakes the CPU. Each size's WebGPU output is first
// checked against the CPU backend's (a broken result cannot be reported fast); that run is also
// each backend's first warm-up. Table, then one JSON line.
import { backendName, openBackend } from '../src/backend/open-backend.node.ts';
import { parseArgs } from '../src/cli/args.ts';
import type { Backend } from '../src/runtime/ops.ts';
import { compareMats, describeMismatch } from '../src/tensor/compare.ts';
import { Progress } from './progress.ts';
import { scaleReport, type ScaleResult, type ScaleRow } from './report-scale.ts';
import { DEGREE, F, MODELS, buildModel, randomGraph, type ModelName } from './scale-models.ts';
import { markdown } from './report.ts';
import { machine, timeIt } from './util.ts';

/** test/fixtures.ts's acceptance rule: 1e-4 of max|expected|, per row 1e-3 of the row's scale. */
const REL_TOL = 1e-4,
  ROW_TOL = 1e-3;

const args = parseArgs(process.argv.slice(2), ['nodes', 'models', 'backends'], ['quick']);
const QUICK = args.flags.has('quick');
const sizes = (args.values.get('nodes') ?? (QUICK ? '1000,10000' : '1000,10000,100000,1000000')).split(',').map((v) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`--nodes has '${v}', expected positive integers separated by commas`);
  return n;
});
const models = (args.values.get('models') ?? MODELS.join(',')).split(',').map((m) => {
  if (!(MODELS as readonly string[]).includes(m))
    throw new Error(`--models has '${m}', expected some of ${MODELS.join(', ')}`);
  return m as ModelName;
});
const names = (args.values.get('backends') ?? 'cpu,webgpu').split(',').map((b) => backendName(b, '--backends'));

/**
 * Runs per size, chosen so the full suite stays within its budget on 2 cores and SwiftShader (a
 * 10M-edge GAT inference takes tens of seconds there): many runs where they are cheap, 3 at the top.
 */
function plan(edges: number): { warmups: number; runs: number; timeMs: number } {
  if (QUICK) return { warmups: 1, runs: 5, timeMs: 200 };
  if (edges <= 100_000) return { warmups: 3, runs: 20, timeMs: 1000 };
  if (edges <= 1_000_000) return { warmups: 1, runs: 5, timeMs: 0 };
  return { warmups: 0, runs: 3, timeMs: 0 };
}

const backends = await Promise.all(names.map(async (n) => [n, await openBackend(n)] as const));
const byName = new Map<string, Backend>(backends);
const progress = new Progress(
  'scale',
  sizes.reduce((a, n) => a + n * DEGREE * (1 + plan(n * DEGREE).runs), 0) * models.length * names.length,
  sizes.length * models.length * names.length,
);
console.log(`machine: ${machine()}`);
for (const [n, b] of backends) console.log(`${n}: ${b.description}`);

const built = new Map(models.map((m) => [m, buildModel(m)]));
const rows: ScaleRow[] = [];
for (const n of sizes) {
  const batch = randomGraph(n);
  const edges = n * DEGREE;
  const { warmups, runs, timeMs } = plan(edges);
  for (const [name, model] of built) {
    const cpu = byName.get('cpu'),
      gpu = byName.get('webgpu');
    if (cpu && gpu) {
      const [want, got] = [
        (await model.run(batch, { backend: cpu })).get('out')!,
        (await model.run(batch, { backend: gpu })).get('out')!,
      ];
      const bad = compareMats(got, want, REL_TOL, ROW_TOL);
      if (bad)
        throw new Error(
          `scale ${name} ${n} nodes: WebGPU differs from the CPU backend: ${describeMismatch('out', bad, got, want)}`,
        );
    }
    for (const [b, backend] of backends) {
      progress.start(`${name} ${n} nodes on ${b}: ${warmups} warm-ups, ${runs} runs at least`, edges * (1 + runs));
      const t = await timeIt(`${name} ${n}/${b}`, () => model.run(batch, { backend }), timeMs, runs, warmups);
      progress.end();
      rows.push({
        model: name,
        nodes: n,
        edges,
        backend: b,
        p50_ms: round(t.p50),
        p99_ms: round(t.p99),
        runs: t.samples,
        warmups: warmups + (cpu && gpu ? 1 : 0),
      });
    }
  }
}

const result: ScaleResult = {
  bench: 'scale',
  machine: machine(),
  backends: Object.fromEntries(backends.map(([n, b]) => [n, b.description])),
  width: F,
  degree: DEGREE,
  models: Object.fromEntries([...built].map(([m, model]) => [m, model.toString()])),
  rows,
};
console.log(markdown(scaleReport.tables(result)));
console.log(JSON.stringify(result));
process.exit(0);

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
