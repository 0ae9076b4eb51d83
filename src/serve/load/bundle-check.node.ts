import type { Worker } from 'node:worker_threads';
import { tsWorker } from '../../graph/index.node.ts';

/** What checking a model directory found: its model.json parses against its weights, and its golden batch. */
export type BundleReport = {
  readonly model: string;
  readonly ms: number;
} & (
  | { readonly golden: 'none' }
  /** The directory's graph.safetensors, run in full on the CPU, reproduced its expected.safetensors (PyG's outputs). */
  | { readonly golden: 'matched'; readonly outputs: readonly string[]; readonly rows: number }
);

/**
 * Checks model directories in a worker thread: parsing the weights and running a bundled golden
 * graph take a demo model about 0.2 s, which would stall every request in flight if done on the
 * server's event loop. One worker, started on first use, serves the checks in turn.
 */
export class BundleCheck {
  private worker?: Worker;
  private nextId = 0;
  private readonly waiting = new Map<number, { ok: (r: BundleReport) => void; fail: (e: Error) => void }>();

  /** Resolves with the report; rejects with why the directory is refused. */
  check(dir: string): Promise<BundleReport> {
    const w = this.start();
    const id = this.nextId++;
    return new Promise((ok, fail) => {
      this.waiting.set(id, { ok, fail });
      w.postMessage({ id, dir });
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const w = tsWorker(new URL('./bundle-check.thread.node.ts', import.meta.url));
    w.unref();
    w.on('message', (m: { id: number; report?: BundleReport; error?: string }) => {
      const p = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (m.error !== undefined) p?.fail(new Error(m.error));
      else p?.ok(m.report!);
    });
    w.on('error', (e) => this.lost(w, e));
    w.on('exit', (code) => this.lost(w, new Error(`the model check thread exited (code ${code})`)));
    this.worker = w;
    return w;
  }

  /** A dead worker fails what it held; the next check starts a new one. */
  private lost(w: Worker, e: Error): void {
    if (this.worker === w) this.worker = undefined;
    for (const p of this.waiting.values()) p.fail(e);
    this.waiting.clear();
  }
}
