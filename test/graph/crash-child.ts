// Child process for crash.test.ts: ingests numbered batches into a durable store with several in
// flight and small snapshots, printing `ack <k>` when batch k is acknowledged, until killed. A
// third argument 'data' writes batches whose edges carry data (edge-data-helpers.ts).
import { writeSync } from 'node:fs';
import { DurableStore } from '../../src/graph/durable/durable-store.node.ts';
import { crashBatchWithData, edgeSchema } from './edge-data-helpers.ts';
import { crashBatch, schema } from './helpers.ts';

const [dir, start, data] = [process.argv[2], Number(process.argv[3]), process.argv[4] === 'data'];
const ds = await DurableStore.open(dir, data ? edgeSchema() : schema({}), { snapshotEveryBytes: 16 * 1024 });
writeSync(1, `ready\n`);
const inFlight: Promise<void>[] = [];
for (let k = start; ; k++) {
  inFlight.push(ds.ingest(data ? crashBatchWithData(k) : crashBatch(k)).then(() => void writeSync(1, `ack ${k}\n`)));
  if (inFlight.length >= 3) await inFlight.shift();
}
