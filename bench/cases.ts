// Per case: p50 / p99 ms of one inference (model loaded, graph in memory) on each backend.
// npm run bench -- cases [--cases DIR] [--backends cpu,webgpu] [--time MS]
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { backendName, openBackend } from '../src/backend/open-backend.node.ts';
import { parseArgs } from '../src/cli/args.ts';
import { loadGraph, loadModel } from '../src/model/load.node.ts';
import { machine, table, timeIt } from './util.ts';

const args = parseArgs(process.argv.slice(2), ['cases', 'backends', 'time']);
const dir = args.values.get('cases') ?? join(process.cwd(), '..', 'shared', 'fixtures', 'pyg');
const names = args.values
  .get('backends')
  ?.split(',')
  .map((b) => backendName(b, '--backends')) ?? ['cpu', 'webgpu'];
const timeMs = Number(args.values.get('time') ?? 1000);
const cases = readdirSync(dir)
  .filter((d) => existsSync(join(dir, d, 'model.json')))
  .sort();
if (cases.length === 0)
  throw new Error(`--cases ${dir}: no case folders (each holds model.json, weights.safetensors, graph.safetensors)`);

const backends = await Promise.all(names.map(async (n) => [n, await openBackend(n)] as const));
console.log(`machine: ${machine()}`);
for (const [n, b] of backends) console.log(`${n}: ${b.description}`);
const results: Record<string, Record<string, number>> = {};
const rows: (string | number)[][] = [];
for (const c of cases) {
  const model = await loadModel(join(dir, c));
  const batch = await loadGraph(join(dir, c, 'graph.safetensors'));
  const row: (string | number)[] = [c];
  results[c] = {};
  for (const [n, backend] of backends) {
    const t = await timeIt(`${c}/${n}`, () => model.run(batch, { backend }), timeMs);
    results[c][`${n}_p50_ms`] = round(t.p50);
    results[c][`${n}_p99_ms`] = round(t.p99);
    row.push(t.p50, t.p99);
  }
  rows.push(row);
  process.stderr.write(`  ${c} done\n`);
}
console.log(table(['case', ...names.flatMap((n) => [`${n} p50 ms`, `${n} p99 ms`])], rows));
console.log(
  JSON.stringify({
    machine: machine(),
    backends: Object.fromEntries(backends.map(([n, b]) => [n, b.description])),
    cases: results,
  }),
);

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
