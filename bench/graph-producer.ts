// Worker thread of the graph benchmark: makes batches of events (graph-events.ts), validates and
// encodes them as a stream consumer would on its own thread, and posts the bytes (moved, not
// copied) to the store's thread, up to `credit` batches ahead of what it has taken.
import { workerData, parentPort } from 'node:worker_threads';
import { EventEncoder, makeSchema } from '../src/graph/index.ts';
import { paymentBatch, schemaInit, type EdgeLoad } from './graph-events.ts';

const { edges, total, credit, load } = workerData as { edges: number; total: number; credit: number; load: EdgeLoad };
const schema = makeSchema(schemaInit(load, false));
const encoder = new EventEncoder(schema);
let k = 0,
  ahead = 0,
  stopped = false;

function produce(): void {
  while (!stopped && ahead < credit) {
    const bytes = encoder.encode(paymentBatch(k++, edges, total, load));
    parentPort!.postMessage(bytes, [bytes.buffer as ArrayBuffer]);
    ahead++;
  }
}

parentPort!.on('message', (m: 'took' | 'stop') => {
  if (m === 'stop') stopped = true;
  else ahead--;
  // Yield between batches so a 'took' or 'stop' is seen promptly.
  setImmediate(produce);
});
produce();
