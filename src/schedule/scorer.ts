import { CpuBackend } from '../backend/cpu-backend.ts';
import type { GraphStore } from '../graph/index.ts';
import type { Model } from '../model/model.ts';
import { Sampler } from '../sample/sampler.ts';
import type { Batch } from '../tensor/batch.ts';
import type { Backend } from '../runtime/ops.ts';
import { ScoreError } from './errors.ts';
import { type BackendChoice, type CheckedRequest, checkRequest, type ScoreOptions, type Targets } from './request.ts';
import { targetSeed } from './seed.ts';

export interface ScorerConfig {
  readonly model: Model;
  /** The model's version, reported with every score. Default '1'. */
  readonly version?: string;
  /** The live store: a GraphStore, or a DurableStore's `.store`. */
  readonly store: GraphStore;
  /** Default: a new CpuBackend. */
  readonly cpu?: Backend;
  /** An opened WebGPU backend; without one every batch runs on the CPU. */
  readonly webgpu?: Backend;
  /** Default fanouts: 10 in the first hop, 5 in each further one, one hop per message-passing layer. */
  readonly fanouts?: readonly number[];
  /** Default deadline of a request, ms. Default 1000. */
  readonly deadlineMs?: number;
  /** Most targets in one run, and in one request. Default 64. */
  readonly maxBatchTargets?: number;
  /**
   * How long a run may be held for more requests when none is under way, ms. Default 0: a request
   * that finds the scorer idle starts a run at once (under load, runs fill while the previous runs).
   */
  readonly maxWaitMs?: number;
  /** Most targets waiting; past it a request is refused with 'overloaded'. Default 4096. */
  readonly maxQueueTargets?: number;
  /** A batch of at least this many sampled nodes runs on WebGPU under backend 'auto'. Default 5000. */
  readonly crossoverNodes?: number;
}

/** One target's score row. */
export interface TargetScore {
  readonly type: string;
  readonly id: string;
  readonly score: Float32Array;
}

export interface Scores {
  readonly model: string;
  readonly version: string;
  readonly backend: 'cpu' | 'webgpu';
  /** The run this request rode in: its number, how many requests and targets it merged, its size. */
  readonly batch: {
    readonly id: number;
    readonly requests: number;
    readonly targets: number;
    readonly nodes: number;
    readonly edges: number;
  };
  /** The store version every target of the batch was sampled from. */
  readonly storeVersion: number;
  /** Milliseconds: waiting for the run, sampling, and the run itself (upload, kernels, readback). */
  readonly timings: { readonly queue: number; readonly sample: number; readonly run: number; readonly total: number };
  /** One row per target, in the request's order. */
  readonly scores: readonly TargetScore[];
}

interface Pending {
  readonly req: CheckedRequest;
  readonly at: number;
  readonly resolve: (s: Scores) => void;
  readonly reject: (e: unknown) => void;
}

/**
 * Scores accounts from the live store. Concurrent requests are merged into one run (a request
 * that finds no run under way starts one at once, never waiting for company); each target is
 * sampled on its own, seeded by its id, and the samples are laid side by side (mergeSamples), so
 * a target's score is the same alone, in a batch of 64, or under any load. A bounded queue
 * refuses at once with 'overloaded' past its bound, and with 'deadline' when the runs ahead
 * would outlast the caller's deadline.
 */
export class Scorer {
  private readonly sampler: Sampler;
  private readonly cpu: Backend;
  private readonly queue: Pending[] = [];
  private queued = 0;
  private running = false;
  private held: ReturnType<typeof setTimeout> | undefined;
  private batches = 0;
  /** Recent run time (ms), an exponential average: what a request waits for per run ahead of it. */
  private runMs = 0;
  /** Runs per backend: the first on each compiles its pipelines and is not a run time to plan by. */
  private readonly runs = { cpu: 0, webgpu: 0 };
  readonly fanouts: readonly number[];
  readonly deadlineMs: number;
  readonly maxBatchTargets: number;
  readonly maxQueueTargets: number;
  readonly maxWaitMs: number;
  readonly crossoverNodes: number;

  constructor(readonly config: ScorerConfig) {
    this.sampler = new Sampler(config.store);
    this.cpu = config.cpu ?? new CpuBackend();
    const hops = Math.max(config.model.hops, 1);
    this.fanouts = config.fanouts ?? Array.from({ length: hops }, (_, h) => (h === 0 ? 10 : 5));
    this.deadlineMs = config.deadlineMs ?? 1000;
    this.maxBatchTargets = positive('maxBatchTargets', config.maxBatchTargets ?? 64);
    this.maxQueueTargets = positive('maxQueueTargets', config.maxQueueTargets ?? 4096);
    this.maxWaitMs = config.maxWaitMs ?? 0;
    if (!(this.maxWaitMs >= 0))
      throw new Error(`ScorerConfig.maxWaitMs is ${config.maxWaitMs}, expected a number >= 0`);
    this.crossoverNodes = config.crossoverNodes ?? 5000;
  }

  /** Score `targets` (node type → ids); see ScoreOptions. Refusals are ScoreErrors with a code. */
  score(targets: Targets, options?: ScoreOptions): Promise<Scores> {
    const { model, store } = this.config;
    let req: CheckedRequest;
    try {
      req = checkRequest(store, model.scoredTypes, this, this.maxBatchTargets, targets, options);
    } catch (e) {
      return Promise.reject(e);
    }
    if (req.backend === 'webgpu' && this.config.webgpu === undefined)
      return Promise.reject(
        new ScoreError(
          'bad_request',
          `options.backend is 'webgpu', expected 'cpu' or 'auto': this scorer has no WebGPU backend`,
        ),
      );
    const n = req.targets.length;
    if (this.queued + n > this.maxQueueTargets)
      return Promise.reject(
        new ScoreError(
          'overloaded',
          `${this.queued} targets are waiting (at most ${this.maxQueueTargets}); try again later`,
        ),
      );
    const expected = this.expectedWait(this.queued + n);
    if (expected > req.deadlineMs)
      return Promise.reject(
        new ScoreError(
          'deadline',
          `the runs ahead take about ${expected.toFixed(1)} ms, past the ${req.deadlineMs} ms deadline`,
        ),
      );
    return new Promise<Scores>((resolve, reject) => {
      this.queue.push({ req, at: performance.now(), resolve, reject });
      this.queued += n;
      this.pump();
    });
  }

  /** About how long until a request with `targets` targets ahead of it and its own is scored. */
  private expectedWait(targets: number): number {
    const runs = Math.ceil(targets / this.maxBatchTargets) + (this.running ? 1 : 0);
    return runs * this.runMs;
  }

  private pump(): void {
    if (this.running || this.queue.length === 0) return;
    const wait = this.maxWaitMs - (performance.now() - this.queue[0].at);
    if (wait > 0 && this.queued < this.maxBatchTargets) {
      this.held ??= setTimeout(() => {
        this.held = undefined;
        this.pump();
      }, wait);
      return;
    }
    clearTimeout(this.held);
    this.held = undefined;
    const batch = this.take();
    if (batch.length === 0) return;
    this.running = true;
    void this.run(batch).finally(() => {
      this.running = false;
      this.pump();
    });
  }

  /** The next run's requests: the oldest first, then more on the same backend choice while they fit. */
  private take(): Pending[] {
    const out: Pending[] = [];
    let targets = 0;
    let choice: BackendChoice | undefined;
    const now = performance.now();
    for (let i = 0; i < this.queue.length; ) {
      const p = this.queue[i];
      const n = p.req.targets.length;
      if (now - p.at + this.runMs > p.req.deadlineMs) {
        this.queue.splice(i, 1);
        this.queued -= n;
        p.reject(
          new ScoreError(
            'deadline',
            `waited ${(now - p.at).toFixed(1)} ms; a run takes about ${this.runMs.toFixed(1)} ms, past the ${p.req.deadlineMs} ms deadline`,
          ),
        );
        continue;
      }
      if ((choice !== undefined && p.req.backend !== choice) || targets + n > this.maxBatchTargets) break;
      choice = p.req.backend;
      targets += n;
      out.push(p);
      this.queue.splice(i, 1);
      this.queued -= n;
    }
    return out;
  }

  private async run(batch: Pending[]): Promise<void> {
    const { model } = this.config;
    const id = ++this.batches;
    const t0 = performance.now();
    try {
      // One synchronous pass: every target of the run is sampled from one version of the store,
      // each on its own (seeded by its id), side by side in one batch.
      const each = batch.flatMap((p) =>
        p.req.targets.map(([type, id]) => ({
          type,
          id,
          options: { ...p.req.sample, seed: targetSeed(p.req.sample.seed ?? 0, type, id) },
        })),
      );
      const sample = this.sampler.sampleEach(each);
      const size = batchSize(sample.batch);
      const backend = this.pick(batch[0].req.backend, size.nodes);
      const t1 = performance.now();
      const out = await model.run(sample.batch, { backend: backend === 'webgpu' ? this.config.webgpu! : this.cpu });
      const t2 = performance.now();
      this.learn(backend, t2 - t1);
      // Each sample holds one target: the k-th sample of type t is row k of t's output.
      const next = new Map<string, number>();
      const rowOf = (type: string): number => {
        const r = next.get(type) ?? 0;
        next.set(type, r + 1);
        return r;
      };
      const info = { id, requests: batch.length, targets: each.length, ...size };
      for (const p of batch) {
        const scores = p.req.targets.map(([type, tid]) => {
          const m = out.get(model.graph.hetero ? `out.${type}` : 'out')!;
          const r = rowOf(type);
          return { type, id: tid, score: m.data.slice(r * m.cols, (r + 1) * m.cols) };
        });
        const queue = t0 - p.at;
        p.resolve({
          model: model.name,
          version: this.config.version ?? '1',
          backend,
          batch: info,
          storeVersion: sample.version,
          timings: { queue, sample: t1 - t0, run: t2 - t1, total: t2 - p.at },
          scores,
        });
      }
    } catch (e) {
      for (const p of batch) p.reject(e);
    }
  }

  private learn(backend: 'cpu' | 'webgpu', ms: number): void {
    if (this.runs[backend]++ === 0) return;
    this.runMs = this.runMs === 0 ? ms : 0.8 * this.runMs + 0.2 * ms;
  }

  private pick(choice: BackendChoice, nodes: number): 'cpu' | 'webgpu' {
    if (choice === 'cpu' || this.config.webgpu === undefined) return 'cpu';
    return choice === 'webgpu' || nodes >= this.crossoverNodes ? 'webgpu' : 'cpu';
  }
}

function batchSize(b: Batch): { nodes: number; edges: number } {
  let nodes = 0,
    edges = 0;
  for (const m of b.x.values()) nodes += m.rows;
  for (const e of b.edges.values()) edges += e.csr.numEdges;
  return { nodes, edges };
}

function positive(field: string, v: number): number {
  if (!Number.isInteger(v) || v < 1) throw new Error(`ScorerConfig.${field} is ${v}, expected a positive integer`);
  return v;
}
