// Graph store and sampler benchmark: ingest with the WAL on, memory per edge, sampling latency,
// recovery. `npm run bench -- graph [--edges N] [--samples N] [--in-flight N] [--reverse-apart] [--quick]`.
// Prints a table, then one JSON line.
//
// The stream writes both directions of every link (uses / rev_uses, pays / rev_pays), so the
// schema derives each rev_ relation from its forward (SchemaInit.deriveReverse); --reverse-apart
// stores the four relations apart instead.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { DurableStore, makeSchema } from '../src/graph/index.node.ts';
import { sizes, schemaInit, type EdgeLoad } from './graph-events.ts';
import { ingest, totalEdges, type IngestPlan } from './graph-ingest.ts';
import { sampleLatency } from './graph-sample.ts';
import { graphReport, type GraphResult } from './report-graph.ts';
import { markdown } from './report.ts';
import { Progress } from './progress.ts';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const QUICK = process.argv.includes('--quick');
const EDGES = flag('edges', QUICK ? 200_000 : 10_000_000);
const SAMPLES = flag('samples', QUICK ? 2_000 : 20_000);
const BATCH_EDGES = 10_000;
const IN_FLIGHT = flag('in-flight', 4);

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
/** JS heap in use after a full collection. */
function heapUsed(): number {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

const { accounts: ACCOUNTS, devices: DEVICES, merchants: MERCHANTS } = sizes(EDGES);
const DERIVE = !process.argv.includes('--reverse-apart');
const schemaFor = (load: EdgeLoad) => makeSchema(schemaInit(load, DERIVE));
const schema = schemaFor('plain');
const plan = (load: EdgeLoad): IngestPlan => ({ edges: EDGES, batchEdges: BATCH_EDGES, inFlight: IN_FLIGHT, load });

/**
 * Memory of a store fed by `ingest` since `base` (heapUsed before it), measured once no snapshot
 * is being written (its copies are transient, not resident) and no background job runs: JS heap
 * + the store's typed arrays (store.bytes(), which counts their full capacity). Not V8's
 * arrayBuffers figure: it leaves out arrays made on the maintenance worker and moved here.
 */
async function memory(ds: DurableStore, base: number): Promise<{ mem: number; parts: Record<string, number> }> {
  await ds.idle();
  const parts = ds.store.bytes();
  return { mem: heapUsed() - base + Object.values(parts).reduce((a, b) => a + b, 0), parts };
}

const dir = mkdtempSync(join(tmpdir(), 'weft-bench-graph-'));
try {
  // First with the producer on a worker (the store measured for memory, sampling and recovery,
  // in a process that has held no other store); then the same with payments carrying an 8-wide
  // attribute (next to it, for the comparison: a process's later stores ingest slower); then
  // on one thread; then every link with a weight (for the sampling modes that read it). Each
  // store's files are removed once it is closed.
  // Weights: each ingest is most of the run; sampling and recovery a tenth of one each.
  const progress = new Progress('graph', 46, 8);
  const base = heapUsed(),
    rss0 = process.memoryUsage().rss;
  progress.start(`ingest ${EDGES} edges, events built and encoded on a worker thread`, 10);
  const run = await ingest(join(dir, 'store'), schema, plan('plain'), 'producer');
  progress.end();
  let ds = run.ds;
  const edges = totalEdges(ds);
  // The process's RSS growth is reported beside memory(); it also holds memory freed and not yet
  // returned by malloc, and transient peaks.
  const { mem, parts } = await memory(ds, base);
  const rss = process.memoryUsage().rss - rss0;

  progress.start(`${Math.round(edges / (run.ms / 1000))} edges/s; sampling ${SAMPLES} targets twice`, 1);
  const s105 = sampleLatency(ds.store, [10, 5], SAMPLES);
  const s2510 = sampleLatency(ds.store, [25, 10], SAMPLES);

  progress.end();
  progress.start('recovery', 1);
  await ds.close();
  ds = undefined as unknown as DurableStore;
  heapUsed();
  const reopened = await DurableStore.open(join(dir, 'store'), schema);
  const rec = reopened.recovery;
  if (totalEdges(reopened) !== edges) throw new Error(`recovered ${totalEdges(reopened)} edges, expected ${edges}`);
  await reopened.close();
  rmSync(join(dir, 'store'), { recursive: true });

  progress.end();
  progress.start(`ingest ${EDGES} edges, payments with an 8-wide attribute, producer on a worker`, 10);
  const base8 = heapUsed();
  const a8 = await ingest(join(dir, 'attr8'), schemaFor('attr8'), plan('attr8'), 'producer');
  progress.end();
  const a8Edges = totalEdges(a8.ds),
    a8Payments = a8.ds.store.relations.get('account__pays__merchant')!.live,
    a8Mem = await memory(a8.ds, base8);
  progress.start(`${Math.round(a8Edges / (a8.ms / 1000))} edges/s; sampling ${SAMPLES} targets`, 1);
  const a8s = sampleLatency(a8.ds.store, [10, 5], SAMPLES);
  await a8.ds.close();
  rmSync(join(dir, 'attr8'), { recursive: true });
  progress.end();

  progress.start(`ingest ${EDGES} edges again, events built on the store's thread`, 10);
  const one = await ingest(join(dir, 'thread'), schema, plan('plain'), 'thread');
  progress.end();
  const oneEdges = totalEdges(one.ds);
  await one.ds.close();
  rmSync(join(dir, 'thread'), { recursive: true });

  progress.start(`ingest ${EDGES} edges, every link with a weight, producer on a worker`, 10);
  const w = await ingest(join(dir, 'weights'), schemaFor('weights'), plan('weights'), 'producer');
  await w.ds.idle();
  const wEdges = totalEdges(w.ds);
  progress.end();
  progress.start(`sampling ${SAMPLES} targets in each mode`, 3);
  const modes = {
    uniform: sampleLatency(w.ds.store, [10, 5], SAMPLES, 'uniform'),
    top: sampleLatency(w.ds.store, [10, 5], SAMPLES, 'top'),
    weighted: sampleLatency(w.ds.store, [10, 5], SAMPLES, 'weighted'),
  };
  await w.ds.close();
  progress.end();

  const r: GraphResult = {
    bench: 'graph',
    edges,
    batches: run.batches,
    batch_edges: BATCH_EDGES,
    fsync: 'batch',
    in_flight: IN_FLIGHT,
    reverse: DERIVE ? 'derived' : 'apart',
    accounts: ACCOUNTS,
    devices: DEVICES,
    merchants: MERCHANTS,
    ingest_edges_per_s: Math.round(edges / (run.ms / 1000)),
    ingest_producer: 'worker thread',
    ingest_one_thread_edges_per_s: Math.round(oneEdges / (one.ms / 1000)),
    ingest_one_thread_store_edges_per_s: Math.round(oneEdges / ((one.ms - one.genMs) / 1000)),
    one_thread_generation_s: +(one.genMs / 1000).toFixed(2),
    bytes_per_edge: +(mem / edges).toFixed(1),
    rss_bytes_per_edge: +(rss / edges).toFixed(1),
    malloc_mmap_threshold: process.env.MALLOC_MMAP_THRESHOLD_ ?? 'glibc default (dynamic)',
    bytes_per_edge_by_part: perEdge(parts, edges),
    sample_p50_us_10_5: +s105.p50.toFixed(1),
    sample_p99_us_10_5: +s105.p99.toFixed(1),
    sample_p999_us_10_5: +s105.p999.toFixed(1),
    sample_p50_us_25_10: +s2510.p50.toFixed(1),
    sample_p99_us_25_10: +s2510.p99.toFixed(1),
    sample_p999_us_25_10: +s2510.p999.toFixed(1),
    recovery_s: +rec.seconds.toFixed(2),
    recovery_snapshot_seq: rec.snapshotSeq,
    recovery_replayed_batches: rec.replayed,
    attr8_edges: a8Edges,
    attr8_edges_per_s: Math.round(a8Edges / (a8.ms / 1000)),
    attr8_bytes_per_edge: +(a8Mem.mem / a8Edges).toFixed(1),
    attr8_bytes_per_edge_by_part: perEdge(a8Mem.parts, a8Edges),
    attr8_sample_p99_us: +a8s.p99.toFixed(1),
    attr8_payment_edges: a8Payments,
    attr8_extra_bytes_per_payment: +((a8Mem.mem - mem) / a8Payments).toFixed(1),
    weights_edges_per_s: Math.round(wEdges / (w.ms / 1000)),
    weights_sample_p99_us_uniform: +modes.uniform.p99.toFixed(1),
    weights_sample_p99_us_top: +modes.top.p99.toFixed(1),
    weights_sample_p99_us_weighted: +modes.weighted.p99.toFixed(1),
    node: process.version,
    cpus: (await import('node:os')).cpus().length,
  };
  console.log(markdown(graphReport.tables(r)));
  console.log(JSON.stringify(r));
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function perEdge(parts: Record<string, number>, edges: number): Record<string, number> {
  return Object.fromEntries(Object.entries(parts).map(([p, b]) => [p, +(b / edges).toFixed(2)]));
}
