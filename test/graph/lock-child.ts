// Child process for durable-faults.test.ts: opens a durable store, says `ready`, and holds it until killed.
import { writeSync } from 'node:fs';
import { DurableStore } from '../../src/graph/durable/durable-store.node.ts';
import { schema } from './helpers.ts';

const ds = await DurableStore.open(process.argv[2], schema(), { background: false });
await ds.ingest([{ id: 'child', time: 1, ops: [] }]);
writeSync(1, 'ready\n');
setInterval(() => undefined, 1000);
