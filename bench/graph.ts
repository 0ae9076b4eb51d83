// Graph store and sampler benchmark: ingest with the WAL on, memory per edge, sampling latency,
// recovery. `npm run bench -- graph [--edges N] [--samples N]`. Prints a table, then one JSON line.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { DurableStore } from '../src/graph/durable-node.ts';
import type { GraphEvent } from '../src/graph/events.ts';
import { makeSchema } from '../src/graph/schema.ts';
import { Sampler } from '../src/sample/sampler.ts';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const EDGES = flag('edges', 10_000_000);
const SAMPLES = flag('samples', 20_000);
const BATCH_EDGES = 10_000;
const IN_FLIGHT = flag('in-flight', 4);

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
/** JS heap in use after a full collection. */
function heapUsed(): number {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

// The account graph: one account per 10 edges, devices and merchants fewer; merchant popularity is
// skewed (u^3) so some merchants are hubs with tens of thousands of payers, as in payments data.
const ACCOUNTS = Math.max(10, Math.round(EDGES / 10));
const DEVICES = Math.max(5, Math.round(EDGES / 20));
const MERCHANTS = Math.max(2, Math.round(EDGES / 200));
const schema = makeSchema({
  nodeTypes: { account: 16, device: 8, merchant: 12 },
  relations: ['account__uses__device', 'device__rev_uses__account', 'account__pays__merchant', 'merchant__rev_pays__account'],
  deriveReverse: !process.argv.includes('--reverse-apart'),
});

let rng = 12345;
const rand = (): number => ((rng = (Math.imul(rng, 1103515245) + 12345) >>> 0) / 4294967296);

/** One payment: account a paid merchant m from device d; four edges, both directions of each link. */
function payment(k: number, time: number): GraphEvent {
  const a = `a${Math.floor(rand() * ACCOUNTS)}`, d = `d${Math.floor(rand() * DEVICES)}`, m = `m${Math.floor(rand() ** 3 * MERCHANTS)}`;
  return {
    id: `pay-${k}`, time, ops: [
      { op: 'add_edge', rel: 'account__uses__device', src: a, dst: d }, { op: 'add_edge', rel: 'device__rev_uses__account', src: d, dst: a },
      { op: 'add_edge', rel: 'account__pays__merchant', src: a, dst: m }, { op: 'add_edge', rel: 'merchant__rev_pays__account', src: m, dst: a },
    ],
  };
}

function totalEdges(ds: DurableStore): number {
  let n = 0;
  for (const r of ds.store.relations.values()) n += r.live;
  return n;
}

function quantiles(us: Float64Array): { p50: number; p99: number; p999: number } {
  us.sort();
  const q = (p: number): number => us[Math.min(us.length - 1, Math.floor(p * us.length))];
  return { p50: q(0.5), p99: q(0.99), p999: q(0.999) };
}

const dir = mkdtempSync(join(tmpdir(), 'weft-bench-graph-'));
try {
  const base = heapUsed(), rss0 = process.memoryUsage().rss;
  let ds = await DurableStore.open(dir, schema);
  // A stream consumer keeps a few batches in flight (as a Kafka consumer does); each is still
  // fsynced before it is acknowledged, and the log commits the ones waiting together.
  // Building the events (template-string ids, op objects) is the producer's work, not the
  // store's: about a tenth of the loop here. ingest_edges_per_s keeps it in (comparable with
  // earlier runs); ingest_store_edges_per_s takes its time out, which slightly favours the
  // store, as the log's fsyncs also progress while a batch is built.
  const inFlight: Promise<void>[] = [];
  let k = 0, batches = 0, genMs = 0;
  const t0 = performance.now();
  while (totalEdges(ds) + inFlight.length * BATCH_EDGES < EDGES) {
    const g0 = performance.now();
    const batch: GraphEvent[] = [];
    for (let i = 0; i < BATCH_EDGES / 4; i++) batch.push(payment(k++, 1_700_000_000 + k / 1000));
    genMs += performance.now() - g0;
    inFlight.push(ds.ingest(batch));
    batches++;
    if (inFlight.length >= IN_FLIGHT) await inFlight.shift();
  }
  await Promise.all(inFlight);
  const ingestMs = performance.now() - t0;
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

  await ds.close();
  ds = undefined as unknown as DurableStore;
  heapUsed();
  const reopened = await DurableStore.open(dir, schema);
  const rec = reopened.recovery;
  if (totalEdges(reopened) !== edges) throw new Error(`recovered ${totalEdges(reopened)} edges, expected ${edges}`);
  await reopened.close();

  const r = {
    bench: 'graph', edges, batches, batch_edges: BATCH_EDGES, fsync: 'batch', in_flight: IN_FLIGHT, accounts: ACCOUNTS, devices: DEVICES, merchants: MERCHANTS,
    ingest_edges_per_s: Math.round(edges / (ingestMs / 1000)),
    ingest_store_edges_per_s: Math.round(edges / ((ingestMs - genMs) / 1000)), generation_s: +(genMs / 1000).toFixed(2),
    bytes_per_edge: +(mem / edges).toFixed(1),
    rss_bytes_per_edge: +(rss / edges).toFixed(1),
    bytes_per_edge_by_part: Object.fromEntries(Object.entries(parts).map(([p, b]) => [p, +(b / edges).toFixed(2)])),
    sample_p50_us_10_5: +s105.p50.toFixed(1), sample_p99_us_10_5: +s105.p99.toFixed(1), sample_p999_us_10_5: +s105.p999.toFixed(1),
    sample_p50_us_25_10: +s2510.p50.toFixed(1), sample_p99_us_25_10: +s2510.p99.toFixed(1), sample_p999_us_25_10: +s2510.p999.toFixed(1),
    recovery_s: +rec.seconds.toFixed(2), recovery_snapshot_seq: rec.snapshotSeq, recovery_replayed_batches: rec.replayed,
    node: process.version, cpus: (await import('node:os')).cpus().length,
  };
  console.log(`graph store: ${edges} edges (${ACCOUNTS} accounts, ${DEVICES} devices, ${MERCHANTS} merchants), WAL fsync per ${BATCH_EDGES}-edge batch`);
  console.table({
    ingest: { value: r.ingest_edges_per_s, unit: `edges/s (incl. ${r.generation_s} s building events)`, goal: '>= 1e6' },
    'ingest, store only': { value: r.ingest_store_edges_per_s, unit: 'edges/s (event building not timed)', goal: '' },
    memory: { value: r.bytes_per_edge, unit: `bytes/edge (JS heap + store arrays; process RSS grew ${r.rss_bytes_per_edge})`, goal: '<= 40' },
    'sample [10,5] p50/p99/p99.9': { value: `${r.sample_p50_us_10_5} / ${r.sample_p99_us_10_5} / ${r.sample_p999_us_10_5}`, unit: 'µs', goal: 'p99 < 100' },
    'sample [25,10] p50/p99/p99.9': { value: `${r.sample_p50_us_25_10} / ${r.sample_p99_us_25_10} / ${r.sample_p999_us_25_10}`, unit: 'µs', goal: '' },
    recovery: { value: r.recovery_s, unit: `s (snapshot + ${rec.replayed} batches)`, goal: '' },
  });
  console.log(JSON.stringify(r));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
