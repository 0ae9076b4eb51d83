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
import type { Worker } from 'node:worker_threads';
import { DurableStore, makeSchema, tsWorker } from '../src/graph/index.node.ts';
import { Sampler } from '../src/sample/sampler.ts';
import { NODE_TYPES, RELATIONS, lcg, paymentBatch, sizes } from './graph-events.ts';
import { graphReport, type GraphResult } from './report-graph.ts';
import { markdown } from './report.ts';
import { Progress } from './progress.ts';
import { nearestRank } from './util.ts';

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
const schema = makeSchema({ nodeTypes: NODE_TYPES, relations: RELATIONS, deriveReverse: DERIVE });

const rand = lcg(12345);

/** Batches from the producer worker (graph-producer.ts), in order; `credit` batches ahead at most. */
class Producer {
  private readonly worker: Worker;
  private readonly ready: Uint8Array[] = [];
  private wake: (() => void) | undefined;

  constructor(credit: number) {
    this.worker = tsWorker(new URL('./graph-producer.ts', import.meta.url), {
      workerData: { edges: BATCH_EDGES, total: EDGES, credit },
    });
    this.worker.on('message', (b: Uint8Array) => {
      this.ready.push(b);
      this.wake?.();
    });
  }

  /** Resolves once a batch is waiting (the worker has started: tsx and its imports took a few hundred ms on the 2 × AMD EPYC, 2 cores machine, 29 Nov 2026). */
  async started(): Promise<void> {
    while (this.ready.length === 0) await new Promise<void>((r) => (this.wake = r));
  }

  async next(): Promise<Uint8Array> {
    await this.started();
    this.worker.postMessage('took');
    return this.ready.shift()!;
  }

  async stop(): Promise<void> {
    this.worker.postMessage('stop');
    await this.worker.terminate();
  }
}

/**
 * Ingest EDGES edges into a new store in `dir`, batches of BATCH_EDGES, IN_FLIGHT in flight (as
 * a Kafka consumer keeps a few; each is still fsynced before it is acknowledged, and the log
 * commits the ones waiting together). 'thread': events built and passed as objects on the
 * store's own thread (validate + encode there too). 'producer': a worker thread builds,
 * validates and encodes them, as a stream consumer would; the store's thread checks the bytes,
 * logs and applies (DurableStore.ingestEncoded).
 */
async function ingest(
  dir: string,
  source: 'thread' | 'producer',
): Promise<{ ds: DurableStore; ms: number; genMs: number; batches: number }> {
  const ds = await DurableStore.open(dir, schema);
  const producer = source === 'producer' ? new Producer(2 * IN_FLIGHT) : undefined;
  await producer?.started();
  const inFlight: Promise<unknown>[] = [];
  let batches = 0,
    genMs = 0;
  const t0 = performance.now();
  while (totalEdges(ds) + inFlight.length * BATCH_EDGES < EDGES) {
    if (producer) inFlight.push(ds.ingestEncoded(await producer.next()));
    else {
      const g0 = performance.now();
      const batch = paymentBatch(batches, BATCH_EDGES, EDGES);
      genMs += performance.now() - g0;
      inFlight.push(ds.ingest(batch));
    }
    batches++;
    if (inFlight.length >= IN_FLIGHT) await inFlight.shift();
  }
  await Promise.all(inFlight);
  const ms = performance.now() - t0;
  await producer?.stop();
  return { ds, ms, genMs, batches };
}

function totalEdges(ds: DurableStore): number {
  let n = 0;
  for (const r of ds.store.relations.values()) n += r.live;
  return n;
}

function quantiles(us: Float64Array): { p50: number; p99: number; p999: number } {
  us.sort();
  return { p50: nearestRank(us, 0.5), p99: nearestRank(us, 0.99), p999: nearestRank(us, 0.999) };
}

const dir = mkdtempSync(join(tmpdir(), 'weft-bench-graph-'));
try {
  // First with the producer on a worker (the store measured for memory, sampling and recovery,
  // in a process that has held no other store), then on one thread.
  // Weights: each ingest is most of the run; sampling and recovery a tenth of one each.
  const progress = new Progress('graph', 22, 4);
  const base = heapUsed(),
    rss0 = process.memoryUsage().rss;
  progress.start(`ingest ${EDGES} edges, events built and encoded on a worker thread`, 10);
  const run = await ingest(join(dir, 'store'), 'producer');
  progress.end();
  let ds = run.ds;
  const edges = totalEdges(ds);
  // Measured once no snapshot is being written (its copies are transient, not resident) and no
  // background job runs. Memory = JS heap + the store's typed arrays (store.bytes(), which counts
  // their full capacity). Not V8's arrayBuffers figure: it leaves out arrays made on the
  // maintenance worker and moved here. The process's RSS growth is reported beside it; it also
  // holds memory freed and not yet returned by malloc, and transient peaks.
  await ds.idle();
  const parts = ds.store.bytes();
  const mem = heapUsed() - base + Object.values(parts).reduce((a, b) => a + b, 0);
  const rss = process.memoryUsage().rss - rss0;

  progress.start(`${Math.round(edges / (run.ms / 1000))} edges/s; sampling ${SAMPLES} targets twice`, 1);
  const sampler = new Sampler(ds.store);
  const latency = (fanouts: number[]): { p50: number; p99: number; p999: number } => {
    const known = ds.store.nodes.get('account')!.ids;
    const pick = (): string => known.idOf(Math.floor(rand() * known.size));
    for (let i = 0; i < 1000; i++) sampler.sample({ account: [pick()] }, { fanouts, seed: i });
    const us = new Float64Array(SAMPLES);
    for (let i = 0; i < SAMPLES; i++) {
      const id = pick();
      const t0 = process.hrtime.bigint();
      sampler.sample({ account: [id] }, { fanouts, seed: i });
      us[i] = Number(process.hrtime.bigint() - t0) / 1000;
    }
    return quantiles(us);
  };
  const s105 = latency([10, 5]);
  const s2510 = latency([25, 10]);

  progress.end();
  progress.start('recovery', 1);
  await ds.close();
  ds = undefined as unknown as DurableStore;
  heapUsed();
  const reopened = await DurableStore.open(join(dir, 'store'), schema);
  const rec = reopened.recovery;
  if (totalEdges(reopened) !== edges) throw new Error(`recovered ${totalEdges(reopened)} edges, expected ${edges}`);
  await reopened.close();

  progress.end();
  progress.start(`ingest ${EDGES} edges again, events built on the store's thread`, 10);
  const one = await ingest(join(dir, 'thread'), 'thread');
  progress.end();
  const oneEdges = totalEdges(one.ds);
  await one.ds.close();

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
    bytes_per_edge_by_part: Object.fromEntries(Object.entries(parts).map(([p, b]) => [p, +(b / edges).toFixed(2)])),
    sample_p50_us_10_5: +s105.p50.toFixed(1),
    sample_p99_us_10_5: +s105.p99.toFixed(1),
    sample_p999_us_10_5: +s105.p999.toFixed(1),
    sample_p50_us_25_10: +s2510.p50.toFixed(1),
    sample_p99_us_25_10: +s2510.p99.toFixed(1),
    sample_p999_us_25_10: +s2510.p999.toFixed(1),
    recovery_s: +rec.seconds.toFixed(2),
    recovery_snapshot_seq: rec.snapshotSeq,
    recovery_replayed_batches: rec.replayed,
    node: process.version,
    cpus: (await import('node:os')).cpus().length,
  };
  console.log(markdown(graphReport.tables(r)));
  console.log(JSON.stringify(r));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
