import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { GraphStore } from '../graph/index.ts';
import type { Backend } from '../runtime/ops.ts';
import type { Scores } from '../schedule/scores.ts';
import type { ServedModel, ServedModels } from './served-model.ts';
import type { ShadowComparison } from './shadow-comparison.ts';
import { type HistogramSeries, SeriesHistogram } from './series-histogram.ts';

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
  // Observed on every scored request: series looked up once, no allocation (series-histogram.ts).
  private readonly latency = new SeriesHistogram(
    'weft_score_latency_seconds',
    'POST /v1/score, from the request to the answer',
    ['model', 'version', 'variant', 'outcome'],
    LATENCY,
    this.registry,
  );
  private readonly stage = new SeriesHistogram(
    'weft_score_stage_seconds',
    'Time per stage of a scored request: queue, sample, upload, compute, readback',
    ['model', 'version', 'stage'],
    LATENCY,
    this.registry,
  );
  private readonly batch = new SeriesHistogram(
    'weft_score_batch_targets',
    'Targets in the run a scored request rode in',
    ['model', 'version'],
    [1, 2, 4, 8, 16, 32, 64],
    this.registry,
  );
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

  private readonly swaps = new Counter({
    name: 'weft_model_loads_total',
    help: 'Model versions offered through PUT /v1/models/{name}/versions/{v}: swapped in, loaded on standby, or refused',
    labelNames: ['model', 'result'],
    registers: [this.registry],
  });
  private readonly shadows = new Counter({
    name: 'weft_shadow_compared_total',
    help: 'Accounts scored by a shadow version beside the answering one, by whether their decisions agree',
    labelNames: ['model', 'version', 'decision'],
    registers: [this.registry],
  });
  private readonly shadowDiff = new Histogram({
    name: 'weft_shadow_abs_diff',
    help: '|shadow score - answered score| per shadowed account',
    labelNames: ['model', 'version'],
    buckets: [1e-6, 1e-5, 1e-4, 1e-3, 0.01, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [this.registry],
  });
  private readonly shadowLatency = new Histogram({
    name: 'weft_shadow_latency_seconds',
    help: 'From the primary answer to the shadow score',
    labelNames: ['model', 'version'],
    buckets: LATENCY,
    registers: [this.registry],
  });
  private readonly shadowFailures = new Counter({
    name: 'weft_shadow_failed_total',
    help: 'Shadowed accounts whose shadow score failed (overloaded or deadline)',
    labelNames: ['model', 'version'],
    registers: [this.registry],
  });

  private readonly cache = new Map<
    string,
    { latency: HistogramSeries; stages: HistogramSeries[]; batch: HistogramSeries }
  >();

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
        this.reset();
        for (const m of models.loaded()) this.set({ model: m.name, version: m.version }, m.scorer.queuedTargets);
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
    const gpu = deps.gpu as (Backend & { stats?: () => { poolBytes: number; paramBytes: number } }) | undefined;
    if (gpu?.stats)
      new Gauge({
        name: 'weft_gpu_bytes',
        help: 'WebGPU memory: the buffer pool, and the resident weights of loaded model versions',
        labelNames: ['part'],
        registers: r,
        collect() {
          const st = gpu.stats!();
          this.set({ part: 'pool' }, st.poolBytes);
          this.set({ part: 'weights' }, st.paramBytes);
        },
      });
  }

  scored(m: ServedModel, variant: string, s: Scores, seconds: number): void {
    const c = this.children(m, variant);
    c.latency.observe(seconds);
    for (let i = 0; i < STAGES.length; i++) c.stages[i].observe(s.timings[STAGES[i]] / 1000);
    c.batch.observe(s.batch.targets);
  }

  /** The series one scored request updates, looked up once per model, version and variant. */
  private children(m: ServedModel, variant: string) {
    const key = `${m.name}\u0000${m.version}\u0000${variant}`;
    let c = this.cache.get(key);
    if (!c) {
      c = {
        latency: this.latency.labels(m.name, m.version, variant, 'scored'),
        stages: STAGES.map((st) => this.stage.labels(m.name, m.version, st)),
        batch: this.batch.labels(m.name, m.version),
      };
      this.cache.set(key, c);
    }
    return c;
  }

  fellBack(m: ServedModel, variant: string, reason: string, seconds: number): void {
    this.latency.labels(m.name, m.version, variant, 'fallback').observe(seconds);
    this.fallbacks.inc({ model: m.name, version: m.version, reason });
  }

  loaded(model: string, result: 'swapped' | 'standby' | 'refused'): void {
    this.swaps.inc({ model, result });
  }

  shadowCompared(c: ShadowComparison): void {
    const l = { model: c.model, version: c.shadow.version };
    this.shadows.inc({ ...l, decision: c.shadow.decision === c.primary.decision ? 'same' : 'differs' });
    this.shadowDiff.observe(l, Math.abs(c.shadow.score - c.primary.score));
    this.shadowLatency.observe(l, c.latencyMs / 1000);
  }

  shadowFailed(model: string, version: string, n: number): void {
    this.shadowFailures.inc({ model, version }, n);
  }

  /** Per shadow version of `model`: accounts compared, how many decisions agreed, failures. */
  async shadowCounts(model: string): Promise<Record<string, { compared: number; agreed: number; failed: number }>> {
    const out: Record<string, { compared: number; agreed: number; failed: number }> = {};
    const at = (v: string | number) => (out[v] ??= { compared: 0, agreed: 0, failed: 0 });
    for (const v of (await this.shadows.get()).values)
      if (v.labels.model === model) {
        at(v.labels.version!).compared += v.value;
        if (v.labels.decision === 'same') at(v.labels.version!).agreed += v.value;
      }
    for (const v of (await this.shadowFailures.get()).values)
      if (v.labels.model === model) at(v.labels.version!).failed += v.value;
    return out;
  }

  /** A score refused before its body was read: the loop 'behind', or 'busy' with as many requests as it takes at once. */
  shed(code: 'behind' | 'busy'): void {
    this.refused.inc({ model: '*', version: '*', code });
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
    for (const v of this.latency.get().values)
      if (v.metricName === 'weft_score_latency_seconds_count' && v.sharedLabels?.outcome === 'scored')
        add(v.sharedLabels, 'scored', v.value);
    for (const v of (await this.fallbacks.get()).values) add(v.labels, 'fallbacks', v.value);
    for (const v of (await this.refused.get()).values) add(v.labels, 'overloaded', v.value);
    const events: Record<string, number> = { applied: 0, duplicates: 0, batches: 0 };
    for (const v of (await this.events.get()).values)
      events[v.labels.result === 'applied' ? 'applied' : 'duplicates'] += v.value;
    events.batches = (await this.batches.get()).values[0]?.value ?? 0;
    return { models, events };
  }
}
