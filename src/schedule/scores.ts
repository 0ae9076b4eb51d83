import type { GraphStore } from '../graph/index.ts';
import type { Model } from '../model/model.ts';
import type { Backend } from '../runtime/ops.ts';

export interface ScorerConfig {
  readonly model: Model;
  /** The model's version, reported with every score. Default '1'. */
  readonly version?: string;
  /** The live store: a GraphStore, or a DurableStore's `.store`. */
  readonly store: GraphStore;
  /** Default: a new CpuBackend. */
  readonly cpu?: Backend;
  /**
   * Opened WebGPU backends, one per device (each from its own requestAdapter()); without one every
   * batch runs on the CPU.
   */
  readonly webgpu?: Backend | readonly Backend[];
  /** Runs in flight at once: while one waits on a GPU, the next is sampled and started. Default 1 + the GPUs. */
  readonly maxInFlight?: number;
  /** Default fanouts: 10 in the first hop, 5 in each further one, one hop per message-passing layer. */
  readonly fanouts?: readonly number[];
  /** Default deadline of a request, ms. Default 1000. */
  readonly deadlineMs?: number;
  /** Most targets in one run, and in one request. Default 64. */
  readonly maxBatchTargets?: number;
  /**
   * How long a run may be held for more requests when none is under way, ms. Default 0: a request
   * that finds the scorer idle starts a run on the loop's next turn (under load, runs fill while the previous runs).
   */
  readonly maxWaitMs?: number;
  /** Most targets waiting; past it a request is refused with 'overloaded'. Default 4096. */
  readonly maxQueueTargets?: number;
  /**
   * A batch of at least this many sampled nodes runs on WebGPU under backend 'auto'. Default: never
   * where every device is a CPU adapter (in `npm run bench -- score` SwiftShader beat the CPU twin
   * only once, by 5% at ~24,000 nodes, four times a full run's size), else 5,000 (not measured on a
   * real GPU yet).
   */
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
  /** The WebGPU device that ran it (index into ScorerConfig.webgpu); -1 on the CPU. */
  readonly device: number;
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
  /**
   * Milliseconds: waiting for the run (queue), sampling, the run's upload, compute and readback (see
   * RunStages: on WebGPU the GPU's own execution is inside readback), and the total from the call.
   */
  readonly timings: {
    readonly queue: number;
    readonly sample: number;
    readonly upload: number;
    readonly compute: number;
    readonly readback: number;
    readonly total: number;
  };
  /** One row per target, in the request's order. */
  readonly scores: readonly TargetScore[];
}
