import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { appendFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DurableStore } from '../../src/graph/durable/durable-store.node.ts';
import { makeSchema } from '../../src/graph/base/schema.ts';
import {
  SEGMENTS,
  SNAPSHOTS,
  batch,
  cleanup,
  filesOf,
  fresh,
  present,
  presentOf,
  rejection,
  reopen,
  writeBatches,
} from './durable-helpers.ts';
import { PAYS, add, ev, schema } from './helpers.ts';

const logOf = (dir: string): string => join(dir, filesOf(dir, SEGMENTS).at(-1)!);

test('restart replays the log: every acknowledged batch is back', async () => {
  const dir = fresh();
  await writeBatches(dir, 1, 5);
  const { ds, warnings } = await reopen(dir);
  assert.equal(warnings, []);
  assert.equal(presentOf(ds, 5), [1, 2, 3, 4, 5]);
  assert.equal([...ds.store.features('account', 'a3')!], [3, 3, 3, 3]);
  assert.is(ds.recovery.replayed, 5);
  await ds.close();
});

test('fsync policies none and interval: batches still reach the log and come back after a clean close', async () => {
  for (const fsync of ['none', 'interval'] as const) {
    const dir = fresh();
    await writeBatches(dir, 1, 3, { fsync, fsyncIntervalMs: 5 });
    const { ds: back, warnings } = await reopen(dir);
    assert.equal(presentOf(back, 3), [1, 2, 3], fsync);
    assert.equal(warnings, [], fsync);
    await back.close();
  }
});

test('a torn write past the last acknowledged record is cut with a warning; appends then continue cleanly', async () => {
  const dir = fresh();
  await writeBatches(dir, 1, 5);
  // What a crash in the middle of writing batch 6 leaves: part of its record.
  const whole = readFileSync(logOf(dir));
  appendFileSync(logOf(dir), whole.subarray(whole.length - 40));
  const { ds, warnings } = await reopen(dir);
  assert.is(warnings.length, 1);
  assert.match(warnings[0], /at byte \d+; cut the last 40 bytes \(a torn write of batches never acknowledged/);
  assert.equal(presentOf(ds, 5), [1, 2, 3, 4, 5]);
  await ds.ingest(batch(6));
  await ds.close();
  const again = await reopen(dir);
  assert.equal(again.warnings, []);
  assert.equal(presentOf(again.ds, 6), [1, 2, 3, 4, 5, 6]);
  await again.ds.close();
});

test('a torn record header (a few bytes of length) past the last record is cut too', async () => {
  const dir = fresh();
  await writeBatches(dir, 1, 2);
  appendFileSync(logOf(dir), Buffer.from([9, 0, 0]));
  const { ds, warnings } = await reopen(dir);
  assert.match(warnings.join('\n'), /record header cut short \(3 of 24 bytes\)/);
  assert.equal(presentOf(ds, 2), [1, 2]);
  await ds.close();
});

test('the last acknowledged record cut short or flipped is refused, naming file, byte and the batch lost', async () => {
  for (const harm of ['cut', 'flip'] as const) {
    const dir = fresh();
    await writeBatches(dir, 1, 4);
    const log = logOf(dir);
    if (harm === 'cut') writeFileSync(log, readFileSync(log).subarray(0, statSync(log).size - 3));
    else {
      const bytes = readFileSync(log);
      bytes[bytes.length - 5] ^= 0x10;
      writeFileSync(log, bytes);
    }
    const err = await rejection(reopen(dir));
    assert.match(err.message, /wal-0000000000000001\.log byte \d+: .*Acknowledged batch 4 lies past it/, harm);
    assert.match(err.message, /npx weft store repair/);
  }
});

test('snapshot + log: restart loads the snapshot and replays only the batches after it', async () => {
  const dir = fresh();
  const ds = await DurableStore.open(dir, schema(), { background: false });
  for (let k = 1; k <= 3; k++) await ds.ingest(batch(k));
  await ds.ingest([ev('gone', 4, { op: 'delete_edge', rel: PAYS, src: 'a1', dst: 'm1' })]);
  await ds.snapshot();
  await ds.ingest([ev('wide', 5, add(PAYS, '账户😀', 'mü'))]);
  for (let k = 5; k <= 6; k++) await ds.ingest(batch(k));
  await ds.close();
  assert.equal(filesOf(dir, SNAPSHOTS), ['snapshot-0000000000000004.bin']);
  const { ds: back } = await reopen(dir);
  assert.equal(back.recovery.snapshotSeq, 4);
  assert.equal(back.recovery.replayed, 3);
  assert.is(back.store.hasEdge(PAYS, '账户😀', 'mü'), true, 'wide ids survive the log');
  assert.equal(
    [2, 3, 5, 6].map((k) => present(back, k)),
    [true, true, true, true],
  );
  assert.is(back.store.hasEdge(PAYS, 'a1', 'm1'), false);
  assert.is(back.store.hasEdge(PAYS, 'a1', 'm2'), true);
  await back.ingest([ev('e1', 1, add(PAYS, 'a1', 'm1'))]);
  assert.is(
    back.store.hasEdge(PAYS, 'a1', 'm1'),
    false,
    'event ids survive the snapshot: a redelivery is still ignored',
  );
  await back.close();
});

test('two snapshots and the log since the older are kept; a third removes the oldest and its log', async () => {
  const dir = fresh();
  const ds = await DurableStore.open(dir, schema(), { background: false });
  for (let s = 1; s <= 3; s++) {
    for (let k = 3 * s - 2; k <= 3 * s; k++) await ds.ingest(batch(k));
    await ds.snapshot();
  }
  await ds.ingest(batch(10));
  await ds.close();
  assert.equal(filesOf(dir, SNAPSHOTS), ['snapshot-0000000000000006.bin', 'snapshot-0000000000000009.bin']);
  assert.equal(filesOf(dir, SEGMENTS), ['wal-0000000000000007.log', 'wal-0000000000000010.log']);
});

test('a different schema is refused, not a silent partial load', async () => {
  const dir = fresh();
  const ds = await DurableStore.open(dir, schema());
  await ds.ingest(batch(1));
  await ds.snapshot();
  await ds.close();
  const other = makeSchema({ nodeTypes: { account: 4 }, relations: ['account__knows__account'] });
  const err = await rejection(DurableStore.open(dir, other));
  assert.match(err.message, /written for schema .* but the store was opened with/);
});

test('bad input through the durable store: rejected before logging, nothing written', async () => {
  const dir = fresh();
  const ds = await DurableStore.open(dir, schema());
  await ds.ingest(batch(1));
  const size = statSync(logOf(dir)).size;
  const err = await rejection(ds.ingest([ev('bad', 2, add('nope__x__y', 'a', 'b'))]));
  assert.match(err.message, /event 'bad' \(batch\[0\]\) ops\[0\]: field 'rel' is "nope__x__y"/);
  assert.is(statSync(logOf(dir)).size, size);
  assert.is(ds.lastSeq, 1);
  await ds.close();
});

test.after(cleanup);

test.run();
