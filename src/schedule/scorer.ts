import { CpuBackend } from '../backend/cpu-backend.ts';
import { type Sample, Sampler } from '../sample/sampler.ts';
import { type Batch, batchSize } from '../tensor/batch.ts';
import type { Backend } from '../runtime/ops.ts';
import type { Mat } from '../tensor/mat.ts';
import type { RunStages } from '../model/model.ts';
import { Devices, type Placement } from './devices.ts';
import { type Pending, RequestQueue } from './queue.ts';
import { ScoreError } from './errors.ts';
import { type CheckedRequest, checkRequest, type ScoreOptions, type Targets } from './request.ts';
import type { ScorerConfig, Scores } from './scores.ts';
import { checkEdgeData } from './edge-data.ts';
import { targetSeed } from './seed.ts';

/**
 * Scores accounts from the live store. Concurrent requests are merged into one run (a request
 * that finds no run under way starts one on the loop's next turn, never waiting for company); each target is
 * sampled on its own, seeded by its id, and the samples are laid side by side
 * (Sampler.sampleEach), so a target's score is the same alone, in a batch of 64, or under any load. A bounded queue
 * refuses at once with 'overloaded' past its bound, and with 'deadline' when the runs ahead
 * would outlast the caller's deadline.
 */
export class Scorer {
  private readonly sampler: Sampler;
  private readonly cpu: Backend;
  private readonly queue: RequestQueue;
  private inFlight = 0;
  private readonly devices: Devices;
  private held: ReturnType<typeof setTimeout> | undefined;
  private pumping = false;
  private batches = 0;
  readonly fanouts: readonly number[];
  readonly deadlineMs: number;
  readonly maxBatchTargets: number;
  readonly maxQueueTargets: number;
  readonly maxWaitMs: number;
  readonly maxInFlight: number;
  readonly crossoverNodes: number;

  constructor(readonly config: ScorerConfig) {
    checkEdgeData(config.model, config.store.schema);
    this.sampler = new Sampler(config.store);
    this.cpu = config.cpu ?? new CpuBackend();
    const hops = Math.max(config.model.hops, 1);
    this.fanouts = config.fanouts ?? Array.from({ length: hops }, (_, h) => (h === 0 ? 10 : 5));
    this.deadlineMs = config.deadlineMs ?? 1000;
    this.maxBatchTargets = positive('maxBatchTargets', config.maxBatchTargets ?? 64);
    this.maxQueueTargets = positive('maxQueueTargets', config.maxQueueTargets ?? 4096);
    this.queue = new RequestQueue(this.maxQueueTargets);
    this.maxWaitMs = config.maxWaitMs ?? 0;
    if (!(this.maxWaitMs >= 0))
      throw new Error(`ScorerConfig.maxWaitMs is ${config.maxWaitMs}, expected a number >= 0`);
    const gpus = config.webgpu === undefined ? [] : Array.isArray(config.webgpu) ? config.webgpu : [config.webgpu];
    const software = gpus.length > 0 && gpus.every((g: Backend) => g.software === true);
    this.crossoverNodes = config.crossoverNodes ?? (software ? Number.POSITIVE_INFINITY : 5000);
    this.devices = new Devices(this.cpu, gpus, this.crossoverNodes);
    this.maxInFlight = positive('maxInFlight', config.maxInFlight ?? 1 + this.devices.gpus.length);
  }

  /** Targets waiting for a run (the metrics' queue depth). */
  get queuedTargets(): number {
    return this.queue.targets;
  }

  /** Resolves once nothing is queued or running (polled every 5 ms): a retired model's weights can then be freed. */
  async idle(): Promise<void> {
    while (this.inFlight > 0 || this.queue.length > 0) await new Promise((r) => setTimeout(r, 5));
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
    if (req.backend === 'webgpu' && this.devices.gpus.length === 0)
      return Promise.reject(
        new ScoreError(
          'bad_request',
          `options.backend is 'webgpu', expected 'cpu' or 'auto': this scorer has no WebGPU backend`,
        ),
      );
    return new Promise<Scores>((resolve, reject) => {
      this.queue.admit({ req, at: performance.now(), resolve, reject }, this.expectedWait(req.targets.length));
      this.soon();
    });
  }

  /**
   * Scores `targets` once on the CPU and on every WebGPU device, results dropped: pipelines are
   * compiled and weights uploaded before a request waits for them. Checked as score() checks.
   */
  async warmUp(targets: Targets, options?: ScoreOptions): Promise<void> {
    const sample = this.sampleFor(targets, options);
    for (let d = -1; d < this.devices.gpus.length; d++) await this.runOn(this.devices.at(d), sample.batch);
    this.sampler.release(sample);
  }

  /**
   * The neighbourhood score() samples for one target (the same fanouts, mode and seed, so the
   * same rows and edges), as a Sample the caller keeps: its memory is not handed back to the
   * pool. The target is row 0 of its type. For explanations and for pages that score in place.
   */
  neighbourhood(type: string, id: string, options?: ScoreOptions): Sample {
    return this.sampleFor({ [type]: [id] }, options);
  }

  /** Each target sampled as a run samples it; checked as score() checks. */
  private sampleFor(targets: Targets, options?: ScoreOptions): Sample {
    const { store, model } = this.config;
    const req = checkRequest(store, model.scoredTypes, this, this.maxBatchTargets, targets, options);
    return this.sampler.sampleEach(eachTarget(req));
  }

  /** About how long until a request of `targets` targets, behind those waiting, is scored. */
  private expectedWait(targets: number): number {
    const runs = Math.ceil((this.queue.targets + targets) / this.maxBatchTargets) + this.inFlight;
    return (runs * this.devices.runMs) / this.maxInFlight;
  }

  /**
   * Runs start on the event loop's next turn (setImmediate: after the I/O of this turn, microseconds
   * on an idle loop), never inside the call that queued them: a server reads many requests in one
   * turn, and starting a synchronous run in each would starve its other I/O (accepts, health
   * checks, ingest) for as long as work arrives. Requests read in the same turn join one run.
   */
  private soon(): void {
    if (this.pumping) return;
    this.pumping = true;
    nextTurn(() => {
      this.pumping = false;
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0 && this.startRun());
  }

  /** Starts the next run; false when the queue is to wait (for company, maxWaitMs) or emptied by deadlines. */
  private startRun(): boolean {
    const wait = this.maxWaitMs - this.queue.oldestWait(performance.now());
    if (this.inFlight === 0 && wait > 0 && this.queue.targets < this.maxBatchTargets) {
      this.held ??= setTimeout(() => {
        this.held = undefined;
        this.pump();
      }, wait);
      return false;
    }
    clearTimeout(this.held);
    this.held = undefined;
    const batch = this.queue.take(this.maxBatchTargets, this.devices.runMs);
    if (batch.length === 0) return false;
    this.inFlight++;
    void this.run(batch).finally(() => {
      this.inFlight--;
      if (this.queue.length > 0) this.soon();
    });
    return true;
  }

  /** The model on one device, counted in flight there and timed for planning. */
  private async runOn(place: Placement, batch: Batch, stages?: RunStages): Promise<Map<string, Mat>> {
    const t = performance.now();
    this.devices.begin(place);
    try {
      return await this.config.model.run(batch, { backend: place.backend, stages });
    } finally {
      this.devices.end(place, performance.now() - t);
    }
  }

  private async run(batch: Pending[]): Promise<void> {
    const { model } = this.config;
    const id = ++this.batches;
    const t0 = performance.now();
    try {
      // One synchronous pass: every target of the run is sampled from one version of the store,
      // each on its own (seeded by its id), side by side in one batch.
      const each = batch.flatMap((p) => eachTarget(p.req));
      const sample = this.sampler.sampleEach(each);
      const size = batchSize(sample.batch);
      const place = this.devices.place(batch[0].req.backend, size.nodes);
      const t1 = performance.now();
      const stages: RunStages = { upload: 0, compute: 0, readback: 0 };
      const out = await this.runOn(place, sample.batch, stages);
      const t2 = performance.now();
      // The run has read the batch (the outputs are copies): its memory serves the next sample.
      this.sampler.release(sample);
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
          backend: place.name,
          device: place.device,
          batch: info,
          storeVersion: sample.version,
          timings: { queue, sample: t1 - t0, ...stages, total: t2 - p.at },
          scores,
        });
      }
    } catch (e) {
      for (const p of batch) p.reject(e);
    }
  }
}

/** Each target of a request with its own sampling options: the request's, seeded by the target's id. */
function eachTarget(req: CheckedRequest) {
  const options = req.sample;
  return req.targets.map(([type, id]) => ({ type, id, options, seed: targetSeed(options.seed ?? 0, type, id) }));
}

/** f on the event loop's next turn: setImmediate in Node, a zero timeout in a browser. */
const nextTurn: (f: () => void) => void =
  typeof setImmediate === 'function' ? (f) => setImmediate(f) : (f) => setTimeout(f, 0);

function positive(field: string, v: number): number {
  if (!Number.isInteger(v) || v < 1) throw new Error(`ScorerConfig.${field} is ${v}, expected a positive integer`);
  return v;
}
