// `npm run bench -- cases [--cases DIR] [--backends cpu,webgpu] [--time MS] [--quick]`: every fixture
// model on each backend, p50 / p99 ms of one inference (model loaded, graph in memory; WebGPU's
// upload, compute and readback included: what a caller waits for). Table, then one JSON line.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { backendName, openBackend } from '../src/backend/open-backend.node.ts';
import { parseArgs } from '../src/cli/args.ts';
import { loadGraph, loadModel } from '../src/model/load.node.ts';
import { batchSize } from '../src/tensor/batch.ts';
import { Progress } from './progress.ts';
import { casesReport, type CaseRow, type CasesResult } from './report-cases.ts';
import { markdown } from './report.ts';
import { machine, timeIt } from './util.ts';

const args = parseArgs(process.argv.slice(2), ['cases', 'backends', 'time'], ['quick']);
const QUICK = args.flags.has('quick');
const dir = args.values.get('cases') ?? join(process.cwd(), '..', 'shared', 'fixtures', 'pyg');
const names = args.values
  .get('backends')
  ?.split(',')
  .map((b) => backendName(b, '--backends')) ?? ['cpu', 'webgpu'];
/** At least this long and this many runs per case and backend, after the warm-ups. */
const timeMs = Number(args.values.get('time') ?? (QUICK ? 100 : 1000));
const [RUNS, WARMUPS] = QUICK ? [5, 2] : [20, 5];
const cases = readdirSync(dir)
  .filter((d) => existsSync(join(dir, d, 'model.json')))
  .sort();
if (cases.length === 0)
  throw new Error(`--cases ${dir}: no case folders (each holds model.json, weights.safetensors, graph.safetensors)`);

const backends = await Promise.all(names.map(async (n) => [n, await openBackend(n)] as const));
console.log(`machine: ${machine()}`);
for (const [n, b] of backends) console.log(`${n}: ${b.description}`);
const progress = new Progress('cases', cases.length * names.length, cases.length * names.length);
const rows: CaseRow[] = [];
for (const c of cases) {
  const model = await loadModel(join(dir, c));
  const batch = await loadGraph(join(dir, c, 'graph.safetensors'));
  const { nodes, edges } = batchSize(batch);
  for (const [n, backend] of backends) {
    progress.start(`${c} on ${n}: ${WARMUPS} warm-ups, ${RUNS} runs and ${timeMs} ms at least`);
    const t = await timeIt(`${c}/${n}`, () => model.run(batch, { backend }), timeMs, RUNS, WARMUPS);
    progress.end();
    rows.push({ case: c, nodes, edges, backend: n, p50_ms: t.p50, p99_ms: t.p99, runs: t.samples });
  }
}
const result: CasesResult = {
  bench: 'cases',
  machine: machine(),
  backends: Object.fromEntries(backends.map(([n, b]) => [n, b.description])),
  warmups: WARMUPS,
  rows,
};
console.log(markdown(casesReport.tables(result)));
console.log(JSON.stringify(result));
process.exit(0);
