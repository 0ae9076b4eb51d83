// The graph benchmark's ingest: a new durable store fed the payments stream (graph-events.ts)
// in batches, a few in flight, built on the store's thread or by a producer worker.
import type { Worker } from 'node:worker_threads';
import { DurableStore, tsWorker, type Schema } from '../src/graph/index.node.ts';
import { paymentBatch, type EdgeLoad } from './graph-events.ts';

/** What one ingest is fed: `edges` in batches of `batchEdges`, `inFlight` at a time. */
export interface IngestPlan {
  readonly edges: number;
  readonly batchEdges: number;
  readonly inFlight: number;
  readonly load: EdgeLoad;
}

/** Batches from the producer worker (graph-producer.ts), in order; `credit` batches ahead at most. */
class Producer {
  private readonly worker: Worker;
  private readonly ready: Uint8Array[] = [];
  private wake: (() => void) | undefined;

  constructor(plan: IngestPlan, credit: number) {
    this.worker = tsWorker(new URL('./graph-producer.ts', import.meta.url), {
      workerData: { edges: plan.batchEdges, total: plan.edges, credit, load: plan.load },
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
 * Ingest plan.edges edges into a new store in `dir`, plan.inFlight batches in flight (as a Kafka
 * consumer keeps a few; each is still fsynced before it is acknowledged, and the log commits the
 * ones waiting together). 'thread': events built and passed as objects on the store's own thread
 * (validate + encode there too). 'producer': a worker thread builds, validates and encodes them,
 * as a stream consumer would; the store's thread checks the bytes, logs and applies
 * (DurableStore.ingestEncoded).
 */
export async function ingest(
  dir: string,
  schema: Schema,
  plan: IngestPlan,
  source: 'thread' | 'producer',
): Promise<{ ds: DurableStore; ms: number; genMs: number; batches: number }> {
  const ds = await DurableStore.open(dir, schema);
  const producer = source === 'producer' ? new Producer(plan, 2 * plan.inFlight) : undefined;
  await producer?.started();
  const inFlight: Promise<unknown>[] = [];
  let batches = 0,
    genMs = 0;
  const t0 = performance.now();
  while (totalEdges(ds) + inFlight.length * plan.batchEdges < plan.edges) {
    if (producer) inFlight.push(ds.ingestEncoded(await producer.next()));
    else {
      const g0 = performance.now();
      const batch = paymentBatch(batches, plan.batchEdges, plan.edges, plan.load);
      genMs += performance.now() - g0;
      inFlight.push(ds.ingest(batch));
    }
    batches++;
    if (inFlight.length >= plan.inFlight) await inFlight.shift();
  }
  await Promise.all(inFlight);
  const ms = performance.now() - t0;
  await producer?.stop();
  return { ds, ms, genMs, batches };
}

export function totalEdges(ds: DurableStore): number {
  let n = 0;
  for (const r of ds.store.relations.values()) n += r.live;
  return n;
}
