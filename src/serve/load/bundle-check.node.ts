import { ThreadCalls } from '../thread-calls.node.ts';

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
  private readonly calls = new ThreadCalls<string, BundleReport>(
    new URL('./bundle-check.thread.node.ts', import.meta.url),
    'model check',
  );

  /** Resolves with the report; rejects with why the directory is refused. */
  check(dir: string): Promise<BundleReport> {
    return this.calls.call(dir);
  }

  close(): Promise<void> {
    return this.calls.close();
  }
}
