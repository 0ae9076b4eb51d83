import type { Backend } from '../runtime/ops.ts';
import type { BackendChoice } from './request.ts';

/** Where one run goes: the CPU twin (device -1), or WebGPU device `device`. */
export interface Placement {
  readonly name: 'cpu' | 'webgpu';
  readonly device: number;
  readonly backend: Backend;
}

/**
 * The backends a scorer runs on: the CPU twin, and any number of WebGPU devices, each from its
 * own requestAdapter() (one queue per device, one device per adapter). A run goes to the least
 * busy device; each keeps its runs in flight, and a recent run time (an exponential average,
 * each device's first run left out: it compiles its pipelines) plans deadlines.
 */
export class Devices {
  private readonly busy: number[];
  /** Runs seen per device, the CPU last: the first on each compiles its pipelines, not a time to plan by. */
  private readonly seen: number[];
  /** Recent run time, ms. */
  runMs = 0;

  constructor(
    readonly cpu: Backend,
    readonly gpus: readonly Backend[],
    readonly crossoverNodes: number,
  ) {
    this.busy = this.gpus.map(() => 0);
    this.seen = [...this.busy, 0];
  }

  /** A batch of `nodes` sampled nodes: 'cpu' forced or below the crossover (or no GPU), else the least busy GPU. */
  place(choice: BackendChoice, nodes: number): Placement {
    if (choice === 'cpu' || this.gpus.length === 0 || (choice === 'auto' && nodes < this.crossoverNodes))
      return this.at(-1);
    let d = 0;
    for (let i = 1; i < this.busy.length; i++) if (this.busy[i] < this.busy[d]) d = i;
    return this.at(d);
  }

  /** Device d: a WebGPU device, or the CPU for -1. */
  at(d: number): Placement {
    return d < 0
      ? { name: 'cpu', device: -1, backend: this.cpu }
      : { name: 'webgpu', device: d, backend: this.gpus[d] };
  }

  begin(p: Placement): void {
    if (p.device >= 0) this.busy[p.device]++;
  }

  end(p: Placement, ms: number): void {
    if (p.device >= 0) this.busy[p.device]--;
    const k = p.device < 0 ? this.gpus.length : p.device;
    if (this.seen[k]++ === 0) return;
    this.runMs = this.runMs === 0 ? ms : 0.8 * this.runMs + 0.2 * ms;
  }
}
