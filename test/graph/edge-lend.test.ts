// Snapshots lend the edge tables' chunks instead of copying them (EdgeTable.lend): the file must hold
// the edges as they were at the capture, whatever ingest writes meanwhile (refreshed times, deletes,
// compaction, appends), and the live table must see its own writes at once.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CHUNK } from '../../src/graph/base/columns.ts';
import { DurableStore } from '../../src/graph/durable/durable-store.node.ts';
import { EdgeTable } from '../../src/graph/edges/edge-table.ts';
import { snapshotName } from '../../src/graph/durable/files.ts';
import { readSnapshot } from '../../src/graph/durable/snapshot.node.ts';
import { add, del, ev, PAYS, schema } from './helpers.ts';

const flat = (views: Uint32Array[]): number[] => views.flatMap((v) => [...v]);

test('a lent chunk is copied on its first write; the loan keeps the captured values; appends leave it alone', () => {
  const t = new EdgeTable();
  const n = CHUNK + 10;
  for (let e = 0; e < n; e++) t.push(e, e + 1, 7);
  const loan = t.lend();
  const before = flat(loan.views);
  assert.is(before.length, n * 3);
  t.ts.set(3, 9);
  t.src.set(CHUNK + 2, 42);
  for (let e = 0; e < 5; e++) t.push(1, 2, 8);
  t.ts.set(3, 11);
  assert.equal(flat(loan.views), before, 'the captured views did not move');
  assert.equal([t.ts.get(3), t.src.get(CHUNK + 2), t.length], [11, 42, n + 5], 'the table sees its own writes');
  loan.settle();
  assert.equal(t.lent, [false, false]);
  const again = t.lend();
  assert.is(flat(again.views)[3 * 3 + 2], 11, 'a later loan sees the writes');
  again.settle();
});

test('a chunk neither written nor copied is released by settle; writes after it copy nothing', () => {
  const t = new EdgeTable();
  for (let e = 0; e < 100; e++) t.push(e, e, 1);
  const chunk = t.chunks[0];
  t.lend().settle();
  t.ts.set(0, 5);
  assert.ok(t.chunks[0] === chunk, 'no copy once the loan ended');
});

test('a snapshot written while later batches delete and refresh its edges holds the state at its capture', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'weft-lend-'));
  const ds = await DurableStore.open(dir, schema({}));
  const events = [];
  for (let i = 0; i < 3000; i++) events.push(ev(`p${i}`, 100, add(PAYS, `a${i}`, `m${i % 7}`)));
  await ds.ingest(events);
  const snap = ds.snapshot();
  // Once the capture lent the chunks (and until the file is written), write over them.
  const lent = ds.store.stored.get(PAYS)!.edges.lent;
  while (!lent[0]) await new Promise((r) => setImmediate(r));
  const later = ds.ingest([ev('d', 200, del(PAYS, 'a1', 'm1'), add(PAYS, 'a2', 'm2'), add(PAYS, 'x', 'm0'))]);
  await later;
  await snap;
  assert.equal([ds.store.hasEdge(PAYS, 'a1', 'm1'), ds.store.hasEdge(PAYS, 'x', 'm0')], [false, true], 'live store');
  await ds.close();
  const { store, seq } = await readSnapshot(join(dir, snapshotName(1)), schema({}));
  assert.is(seq, 1);
  assert.equal(
    [store.hasEdge(PAYS, 'a1', 'm1'), store.hasEdge(PAYS, 'x', 'm0'), store.edgeCount(PAYS)],
    [true, false, 3000],
    'snapshot',
  );
  const r = store.stored.get(PAYS)!;
  const e = r.hash.find(store.nodes.get('account')!.ids.lookup('a2'), store.nodes.get('merchant')!.ids.lookup('m2'));
  assert.is(r.ts.get(e), 101, 'the refresh at time 200 is not in the snapshot');
});

test.run();
