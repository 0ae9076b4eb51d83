import type { Explanation } from '../explain/explain.ts';
import { ThreadCalls } from './thread-calls.node.ts';

/**
 * Explanations on a worker thread: occlusion scores a copy of the neighbourhood per neighbour, tens
 * of milliseconds for a [10, 5] sample and seconds for a full two hops (1,199 nodes of the demo:
 * 10 s), which on the server's event loop would hold up every score in flight. A too-large
 * neighbourhood rejects with a RangeError saying so.
 */
export class Explainer {
  private readonly calls = new ThreadCalls<{ dir: string; bytes: Uint8Array }, Explanation>(
    new URL('./explain-thread.node.ts', import.meta.url),
    'explanation',
  );

  /** Explains the target of a neighbourhood payload (writeNeighbourhood) with the model in `dir`. */
  explain(dir: string, bytes: Uint8Array): Promise<Explanation> {
    return this.calls.call({ dir, bytes }, [bytes.buffer as ArrayBuffer]);
  }

  close(): Promise<void> {
    return this.calls.close();
  }
}
