// A store whose edges carry data keeps that in schema.json, so `weft store check` (which has no
// model to derive the schema from) reads its log records and snapshots as the store wrote them.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DurableStore } from '../../src/graph/durable/durable-store.node.ts';
import { loadSchema } from '../../src/graph/durable/schema-file.node.ts';
import { checkStore } from '../../src/graph/durable/store-check.node.ts';
import { cleanup, fresh } from './durable-helpers.ts';
import { edgeSchema, pay } from './edge-data-helpers.ts';
import { PAYS, USES, ev } from './helpers.ts';

test('schema.json keeps the edge data; check reads the log and snapshot of a store with it', async () => {
  const dir = fresh();
  const ds = await DurableStore.open(dir, edgeSchema(true), { background: false });
  await ds.ingest([ev('e1', 10, pay('a1', 'm1', 2, [3, 4]))]);
  await ds.snapshot();
  await ds.ingest([ev('e2', 11, pay('a2', 'm1', 5, [6, 7]))]);
  await ds.close();
  const s = loadSchema(dir)!;
  assert.equal([s.relations.get(PAYS)!.edgeAttr, s.relations.get(PAYS)!.edgeWeight], [2, true]);
  assert.equal([s.relations.get(USES)!.edgeAttr, s.relations.get(USES)!.edgeWeight], [0, true]);
  const report = await checkStore(dir);
  assert.ok(report.opens && !report.damaged, report.lines.join('\n'));
});

test.after(cleanup);

test.run();
