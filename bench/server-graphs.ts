// The server bench's two graphs: the demo (`npm start`'s model and graph) and the scorer
// benchmark's graph (1M accounts by default), its store built here and recovered by the server.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GraphOp } from '../src/graph/index.ts';
import { DurableStore, schemaFromModelJson } from '../src/graph/index.node.ts';
import { loadGraph } from '../src/model/load.node.ts';
import { demoId } from '../src/serve/demo-graph.node.ts';
import { lcg } from './graph-events.ts';
import { ScoreGraph, WIDTHS } from './score-graph.ts';
import { scoreModelJson, scoreWeights } from './score-model.ts';

const DEMO = fileURLToPath(new URL('../models/demo', import.meta.url));

export interface BenchGraph {
  readonly accounts: number;
  /** `weft serve` arguments naming the model, the data directory and the graph. */
  readonly serveArgs: string[];
  /** The served model's directory, absolute: what the swaps upload again. */
  readonly modelDir: string;
  /** Account features' width, for the freshness probe's upsert_node. */
  readonly accountWidth: number;
  /** The k-th account's id (k taken modulo the accounts). */
  account(k: number): string;
  /** n new edges between existing nodes, as the ingest stream sends them. */
  edges(n: number): GraphOp[];
  /** Deletes the temporary directories. */
  remove(): void;
}

/** The demo: the server loads models/demo's graph into a fresh data directory itself, as on a first `npm start`. */
export async function demoGraph(): Promise<BenchGraph> {
  const data = mkdtempSync(join(tmpdir(), 'weft-server-bench-demo-'));
  const g = await loadGraph(join(DEMO, 'graph.safetensors'));
  const rows = (t: string) => g.x.get(t)!.rows;
  // The relations that events carry: the store derives each `rev_` one.
  const rels = [...g.edges.values()].filter((e) => !e.rel.startsWith('rev_'));
  const u = lcg(11);
  const pick = (t: string) => demoId(t, Math.floor(u() * rows(t)));
  return {
    accounts: rows('account'),
    serveArgs: ['--data', data],
    modelDir: DEMO,
    accountWidth: g.x.get('account')!.cols,
    account: (k) => demoId('account', k % rows('account')),
    edges: (n) =>
      Array.from({ length: n }, () => {
        const e = rels[Math.floor(u() * rels.length)];
        return { op: 'add_edge', rel: e.key, src: pick(e.src), dst: pick(e.dst) };
      }),
    remove: () => rmSync(data, { recursive: true, force: true }),
  };
}

/**
 * The scorer benchmark's graph and model (bench/score-graph.ts, bench/score-model.ts): the model
 * written to a model directory, the store built in `<data>/store` (where `weft serve --data`
 * keeps it) from ScoreGraph's batches, snapshotted and closed, so the server only recovers it.
 */
export async function scoreGraph(accounts: number, log: (m: string) => void): Promise<BenchGraph> {
  const root = mkdtempSync(join(tmpdir(), 'weft-server-bench-large-'));
  const modelDir = join(root, 'model');
  const data = join(root, 'data');
  mkdirSync(modelDir);
  writeFileSync(join(modelDir, 'model.json'), JSON.stringify(scoreModelJson(), null, 1));
  writeFileSync(join(modelDir, 'weights.safetensors'), scoreWeights());
  const graph = new ScoreGraph(accounts);
  const schema = schemaFromModelJson(scoreModelJson() as never, WIDTHS, undefined, true);
  const ds = await DurableStore.open(join(data, 'store'), schema, { fsync: 'none' });
  const t0 = performance.now();
  let t = t0,
    ops = 0;
  for (const b of graph.batches()) {
    await ds.ingest(b);
    ops += b[0].ops.length;
    if (performance.now() - t > 5000) {
      log(`${accounts} accounts: ${ops} nodes and edges written so far…`);
      t = performance.now();
    }
  }
  await ds.idle();
  await ds.snapshot();
  await ds.close();
  log(
    `${accounts} accounts: ${ops} nodes and edges stored and snapshotted in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  return {
    accounts,
    serveArgs: ['--data', data, '--model', modelDir],
    modelDir,
    accountWidth: WIDTHS.account,
    account: (k) => `a${k % accounts}`,
    // Whole accounts' edges (a batch of the scorer bench's stream), cut to n.
    edges: (n) => graph.streamBatch(n, 0, '')[0].ops.slice(0, n),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
