import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { GraphStore } from '../graph/index.ts';
import type { Backend } from '../runtime/ops.ts';
import type { Scores } from '../schedule/scores.ts';
import type { ServedModel, ServedModels } from './served-model.ts';

/** Seconds, from 100 µs: a score takes a fraction of a millisecond, a fallback up to its deadline. */
const LATENCY = [0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128, 0.256, 0.512, 1, 2];
const STAGES = ['queue', 'sample', 'upload', 'compute', 'readback'] as const;

/**
 * GET /metrics (Prometheus text, prom-client), one registry per server: score latency per model,
 * version and variant; per-stage timings; batch sizes; fallbacks and refusals; queue depth and
 * requests in flight; ingest counts and the age of the newest event; store size; GPU pool bytes;
 * and Node's own (heap, GC, event-loop lag).
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly latency = new Histogram({
    name: 'weft_score_latency_seconds',
    help: 'POST /v1/score, from the request to the answer',
    labelNames: ['model', 'version', 'variant', 'outcome'],
    buckets: LATENCY,
    registers: [this.registry],
  });
  private readonly stage = new Histogram({
    name: 'weft_score_stage_seconds',
    help: 'Time per stage of a scored request: queue, sample, upload, compute, readback',
    labelNames: ['model', 'version', 'stage'],
    buckets: LATENCY,
    registers: [this.registry],
  });
  private readonly batch = new Histogram({
    name: 'weft_score_batch_targets',
    help: 'Targets in the run a scored request rode in',
    labelNames: ['model', 'version'],
    buckets: [1, 2, 4, 8, 16, 32, 64],
    registers: [this.registry],
  });
  private readonly fallbacks = new Counter({
    name: 'weft_score_fallbacks_total',
    help: 'Requests answered with a fallback (last score or none)',
    labelNames: ['model', 'version', 'reason'],
    registers: [this.registry],
  });
  private readonly refused = new Counter({
    name: 'weft_score_refused_total',
    help: 'Requests refused (overloaded: 503)',
    labelNames: ['model', 'version', 'code'],
    registers: [this.registry],
  });
  private readonly events = new Counter({
    name: 'weft_ingest_events_total',
    help: 'Events acknowledged, applied or skipped as duplicates',
    labelNames: ['result'],
    registers: [this.registry],
  });
  private readonly batches = new Counter({
    name: 'weft_ingest_batches_total',
    help: 'Event batches acknowledged (durable and applied)',
    registers: [this.registry],
  });

  constructor(deps: {
    models: ServedModels;
    store: GraphStore;
    inFlight: () => number;
    gpu?: Backend;
  }) {
    collectDefaultMetrics({ register: this.registry, prefix: 'weft_node_' });
    const { models, store } = deps;
    const r = [this.registry];
    new Gauge({
      name: 'weft_http_requests_in_flight',
      help: 'HTTP requests received and not yet answered',
      registers: r,
      collect() {
        this.set(deps.inFlight());
      },
    });
    new Gauge({
      name: 'weft_scorer_queue_targets',
      help: 'Targets waiting for a run',
      labelNames: ['model', 'version'],
      registers: r,
      collect() {
        for (const m of models.all()) this.set({ model: m.name, version: m.version }, m.scorer.queuedTargets);
      },
    });
    new Gauge({
      name: 'weft_store_nodes',
      help: 'Nodes in the store, per type',
      labelNames: ['type'],
      registers: r,
      collect() {
        for (const [t, n] of store.nodes) this.set({ type: t }, n.ids.size);
      },
    });
    new Gauge({
      name: 'weft_store_edge_slots',
      help: 'Edge slots per stored relation (deleted and expired ones until compaction)',
      labelNames: ['relation'],
      registers: r,
      collect() {
        for (const [key, rel] of store.relations)
          if (!store.schema.relations.get(key)?.reverseOf) this.set({ relation: key }, rel.slots);
      },
    });
    new Gauge({
      name: 'weft_store_bytes',
      help: 'Store memory by part',
      labelNames: ['part'],
      registers: r,
      collect() {
        for (const [part, bytes] of Object.entries(store.bytes())) this.set({ part }, bytes);
      },
    });
    new Gauge({
      name: 'weft_store_newest_event_age_seconds',
      help: 'Now minus the time of the newest event applied (ingest lag, when events carry their own time)',
      registers: r,
      collect() {
        if (store.newest > 0) this.set(Date.now() / 1000 - (store.newest - 1));
      },
    });
    const gpu = deps.gpu as (Backend & { stats?: () => { poolBytes: number } }) | undefined;
    if (gpu?.stats)
      new Gauge({
        name: 'weft_gpu_pool_bytes',
        help: 'Bytes of the WebGPU buffer pool',
        registers: r,
        collect() {
          this.set(gpu.stats!().poolBytes);
        },
      });
  }

  scored(m: ServedModel, s: Scores, seconds: number): void {
    const l = { model: m.name, version: m.version };
    this.latency.observe({ ...l, variant: 'default', outcome: 'scored' }, seconds);
    for (const st of STAGES) this.stage.observe({ ...l, stage: st }, s.timings[st] / 1000);
    this.batch.observe(l, s.batch.targets);
  }

  fellBack(m: ServedModel, reason: string, seconds: number): void {
    this.latency.observe({ model: m.name, version: m.version, variant: 'default', outcome: 'fallback' }, seconds);
    this.fallbacks.inc({ model: m.name, version: m.version, reason });
  }

  overloaded(m: ServedModel): void {
    this.refused.inc({ model: m.name, version: m.version, code: 'overloaded' });
  }

  ingested(applied: number, duplicates: number): void {
    this.events.inc({ result: 'applied' }, applied);
    this.events.inc({ result: 'duplicate' }, duplicates);
    this.batches.inc();
  }

  /** GET /v1/stats: the same counts as JSON, per model@version, read back from the registry. */
  async snapshot(): Promise<{ models: Record<string, Record<string, number>>; events: Record<string, number> }> {
    const models: Record<string, Record<string, number>> = {};
    const add = (labels: Record<string, string | number>, key: string, value: number) => {
      const k = `${labels.model}@${labels.version}`;
      const m = models[k] ?? { scored: 0, fallbacks: 0, overloaded: 0 };
      models[k] = m;
      m[key] += value;
    };
    for (const v of (await this.latency.get()).values)
      if (v.metricName === 'weft_score_latency_seconds_count' && v.labels.outcome === 'scored')
        add(v.labels, 'scored', v.value);
    for (const v of (await this.fallbacks.get()).values) add(v.labels, 'fallbacks', v.value);
    for (const v of (await this.refused.get()).values) add(v.labels, 'overloaded', v.value);
    const events: Record<string, number> = { applied: 0, duplicates: 0, batches: 0 };
    for (const v of (await this.events.get()).values)
      events[v.labels.result === 'applied' ? 'applied' : 'duplicates'] += v.value;
    events.batches = (await this.batches.get()).values[0]?.value ?? 0;
    return { models, events };
  }
}
