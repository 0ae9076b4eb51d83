// `npm run bench -- score [--accounts N] [--quick] [--seconds S]`: the Scorer under open-loop load
// on the reference's graph (100k accounts, about 3.35M edges) and on a larger one (1M accounts by
// default), in a DurableStore, while events stream in at 10k edges/s. Prints a table per graph,
// then one JSON line: keys for the large graph, the same with `_ref` for the reference's, and every
// load's percentiles under `loads`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openBackend } from '../src/backend/open-backend.node.ts';
import { DurableStore, schemaFromModelJson } from '../src/graph/index.node.ts';
import type { Backend } from '../src/runtime/ops.ts';
import type { BackendChoice } from '../src/schedule/request.ts';
import { Scorer } from '../src/schedule/scorer.ts';
import { Sampler } from '../src/sample/sampler.ts';
import { CpuBackend } from '../src/backend/cpu-backend.ts';
import { openLoop } from './open-loop.ts';
import { ScoreGraph, WIDTHS } from './score-graph.ts';
import { scoreModel, scoreModelJson } from './score-model.ts';
import { clock } from './progress.ts';
import { loadRow, scoreReport, type LoadRow } from './report-score.ts';
import { markdown } from './report.ts';
import { machine } from './util.ts';
import { batchSize } from '../src/tensor/batch.ts';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const QUICK = process.argv.includes('--quick');
const LARGE = flag('accounts', QUICK ? 20_000 : 1_000_000);
const REF = QUICK ? 10_000 : 100_000;
const SECONDS = flag('seconds', QUICK ? 0.5 : 3);
const STREAM_EDGES_PER_S = 10_000;
const log = (m: string) => process.stderr.write(`score bench: ${m}\n`);

const model = scoreModel();
const cpu = new CpuBackend();
let webgpu: Backend | undefined;
/** A second device, from a second requestAdapter(): whether two queues help is measured, not assumed. */
let second: Backend | undefined;
try {
  webgpu = await openBackend('webgpu');
  second = await openBackend('webgpu');
} catch (e) {
  log(`no WebGPU adapter (${(e as Error).message}): cpu only`);
}

const ms = (us: number) => us / 1000;
/** Loads a graph gets at most (the matrix on three backends, the fanout, waits, sweep and two devices): the progress lines' count. */
const MAX_LOADS = 2 * (3 * 6 + 1 + 2 + 8 + 2);
let loadsRun = 0;
const t0 = performance.now();

async function suite(accounts: number): Promise<{ figures: Record<string, number | string>; rows: LoadRow[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'weft-score-bench-'));
  const graph = new ScoreGraph(accounts, accounts);
  const schema = schemaFromModelJson(scoreModelJson() as never, WIDTHS, undefined, true);
  const ds = await DurableStore.open(dir, schema, { fsync: 'none' });
  try {
    let t = performance.now(),
      edges = 0;
    for (const b of graph.batches()) {
      await ds.ingest(b);
      for (const e of b) for (const op of e.ops) if (op.op === 'add_edge') edges++;
      if (performance.now() - t > 5000) {
        log(`${accounts} accounts: ${edges} edges so far…`);
        t = performance.now();
      }
    }
    const stored = [...ds.store.relations.values()].reduce((n, r) => n + r.slots, 0);
    log(`${accounts} accounts: ${edges} edges written, ${stored} slots across the 9 relations (reverses derived)`);
    // The maintenance worker's merges of the initial load finish before anything is timed.
    await ds.idle();
    // Events keep streaming in while requests are scored: 10k edges a second, a batch every 10 ms
    // (as a stream consumer would hand them on; one large batch a second would stall scoring for its apply).
    let streamed = 0,
      k = 0;
    const stream = setInterval(() => {
      const b = graph.streamBatch(STREAM_EDGES_PER_S / 100, 1_700_000_100 + k / 100, `s-${k++}`);
      streamed += b[0].ops.length;
      void ds.ingest(b);
    }, 10);
    const ids = (n: number, i: number) => Array.from({ length: n }, (_, j) => `a${(i * 7919 + j * 104729) % accounts}`);
    const rows: LoadRow[] = [];
    const figures: Record<string, number | string> = {};
    const { crossover, tried } = await measureCrossover(ds.store, accounts);
    figures.backend_crossover_nodes = Number.isFinite(crossover) ? crossover : `none up to ${tried}`;
    const run = async (
      label: string,
      rate: number,
      targets: number,
      backend: BackendChoice,
      fanouts: number[],
      { gpus = webgpu ? [webgpu] : [], maxWaitMs = 0 }: { gpus?: Backend[]; maxWaitMs?: number } = {},
    ) => {
      const scorer = new Scorer({
        model,
        store: ds.store,
        cpu,
        webgpu: gpus,
        fanouts,
        crossoverNodes: crossover,
        maxWaitMs,
      });
      // Each load starts on a settled store (the stream's merges so far installed) and a collected
      // heap (npm run bench passes --expose-gc): the garbage of the load before it, such as the
      // thousands of refused requests of an overloaded one, otherwise came due in the next load's
      // first second as 20-50 ms scavenges. The load's own collections still count (GC ms).
      await ds.idle();
      (globalThis as { gc?: () => void }).gc?.();
      await scorer.warmUp({ account: ids(targets, 0) });
      for (let i = 0; i < 20; i++) await scorer.score({ account: ids(targets, i) }, { backend });
      const left =
        loadsRun > 0 ? `, ~${clock(((performance.now() - t0) / loadsRun) * (MAX_LOADS - loadsRun))} left at most` : '';
      log(
        `${accounts} accounts: ${label}, ${rate}/s for ${SECONDS} s (load ${++loadsRun} of ${MAX_LOADS} at most${left})…`,
      );
      const r = await openLoop(rate, SECONDS * 1000, (i) => scorer.score({ account: ids(targets, i) }, { backend }));
      rows.push(loadRow(accounts, label, r));
      return r;
    };
    // An unrecorded second of load first: the JIT warms up, and the merges that ingest left to the
    // maintenance worker finish, so the first recorded load is not charged for them.
    const warm = new Scorer({ model, store: ds.store, cpu, fanouts: [10, 5] });
    await openLoop(500, Math.min(1000, SECONDS * 1000), (i) => warm.score({ account: ids(1, i) }));
    // The matrix: 1 and 64 targets a request, at 100, 1,000 and 5,000 requests a second,
    // on each backend. Loads past capacity are answered with refusals, counted in the table. The
    // WebGPU loads run last: SwiftShader's threads and buffers, still winding down after one,
    // disturbed the CPU loads that followed it (p99 up to 10x in an earlier ordering).
    const matrix = async (b: BackendChoice) => {
      for (const targets of [1, 64])
        for (const rate of [100, 1000, 5000]) {
          const r = await run(`${targets} target${targets > 1 ? 's' : ''} [10, 5] ${b}`, rate, targets, b, [10, 5]);
          if (b !== (webgpu ? 'auto' : 'cpu')) continue;
          if (targets === 1 && rate === 1000) {
            figures.p50_ms_1target_1000rps = ms(r.hist.percentile(0.5));
            figures.p99_ms_1target_1000rps = ms(r.hist.percentile(0.99));
            figures.p999_ms_1target_1000rps = ms(r.hist.percentile(0.999));
            figures.gc_ms_per_s_1target_1000rps = r.gcMs / r.seconds;
          }
          if (targets === 64 && rate === 100) figures.p99_ms_64targets_100rps = ms(r.hist.percentile(0.99));
        }
    };
    await matrix('cpu');
    if (webgpu) await matrix('auto');
    const fan = await run('1 target [25, 10] auto', 1000, 1, 'auto', [25, 10]);
    figures.p99_ms_1target_1000rps_fanouts_25_10 = ms(fan.hist.percentile(0.99));
    // maxWaitMs's default (0) against holding an idle scorer's run for company: measured, not assumed.
    for (const wait of [0.5, 2]) {
      const r = await run(`1 target [10, 5] auto, maxWaitMs ${wait}`, 1000, 1, 'auto', [10, 5], { maxWaitMs: wait });
      figures[`p99_ms_1target_1000rps_maxwait_${wait}ms`] = ms(r.hist.percentile(0.99));
    }
    let best = 0;
    for (const rate of [100, 1000, 2000, 3000, 5000, 7500, 10000, 15000]) {
      const r = await run(`1 target [10, 5] auto`, rate, 1, 'auto', [10, 5]);
      const ok = r.scored === r.offered && ms(r.hist.percentile(0.99)) <= 8;
      if (!ok) break;
      best = rate;
    }
    if (webgpu) await matrix('webgpu');
    if (webgpu && second) {
      // The same WebGPU loads on two devices, a run in flight on each.
      const gpus = [webgpu, second];
      const a = await run('1 target [10, 5] webgpu, 2 devices', 1000, 1, 'webgpu', [10, 5], { gpus });
      const b = await run('64 targets [10, 5] webgpu, 2 devices', 100, 64, 'webgpu', [10, 5], { gpus });
      figures.p99_ms_1target_1000rps_webgpu_2devices = ms(a.hist.percentile(0.99));
      figures.p99_ms_64targets_100rps_webgpu_2devices = ms(b.hist.percentile(0.99));
    }
    figures.max_rps_p99_under_8ms = best;
    figures.devices = webgpu ? 1 : 0;
    figures.streamed_edges = streamed;
    clearInterval(stream);
    return { figures, rows };
  } finally {
    await ds.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The sampled-node count from which WebGPU runs a merged batch faster than the CPU twin: batches
 * of 1 to 256 targets ([10, 5]), each timed closed-loop on both; Infinity where WebGPU never wins
 * (then `auto` runs everything on the CPU), with the largest batch tried.
 */
async function measureCrossover(
  store: DurableStore['store'],
  accounts: number,
): Promise<{ crossover: number; tried: number }> {
  let tried = 0;
  if (!webgpu) return { crossover: Number.POSITIVE_INFINITY, tried };
  const sampler = new Sampler(store);
  for (const n of [1, 4, 16, 64, 256]) {
    const { batch } = sampler.sampleEach(
      Array.from({ length: n }, (_, i) => ({
        type: 'account',
        id: `a${(i * 7919) % accounts}`,
        options: { fanouts: [10, 5], seed: i },
      })),
    );
    const { nodes } = batchSize(batch);
    const time = async (backend: Backend) => {
      for (let i = 0; i < 3; i++) await model.run(batch, { backend });
      const t = performance.now();
      for (let i = 0; i < 10; i++) await model.run(batch, { backend });
      return (performance.now() - t) / 10;
    };
    const [c, g] = [await time(cpu), await time(webgpu)];
    log(`crossover: ${n} targets, ${nodes} nodes: cpu ${c.toFixed(2)} ms, webgpu ${g.toFixed(2)} ms`);
    tried = nodes;
    if (g < c) return { crossover: nodes, tried };
  }
  return { crossover: Number.POSITIVE_INFINITY, tried };
}

console.log(`machine: ${machine()}; webgpu: ${webgpu ? webgpu.description : 'none'}; ${new Date().toISOString()}`);
const ref = await suite(REF);
const large = await suite(LARGE);
const out: Record<string, unknown> = {
  bench: 'score',
  machine: machine(),
  webgpu: webgpu?.description ?? null,
  accounts: LARGE,
  accounts_ref: REF,
  seconds_per_load: SECONDS,
};
for (const [k, v] of Object.entries(large.figures)) out[k] = v;
for (const [k, v] of Object.entries(ref.figures)) out[`${k}_ref`] = v;
out.loads = [...ref.rows, ...large.rows];
console.log(markdown(scoreReport.tables(out as never)));
console.log(JSON.stringify(out));
process.exit(0);
