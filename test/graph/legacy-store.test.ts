// A store written before log format 2 and named snapshots (fixtures/legacy-store: made by the code
// of 9718c6b, batches 1-6 in snapshot.bin, 7-10 in its log) opens: every batch is back, new
// batches go to a format 2 segment, and the old files go only once two new snapshots stand.
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SEGMENTS, SNAPSHOTS, batch, cleanup, filesOf, fresh, presentOf, reopen } from './durable-helpers.ts';

test('a format 1 store opens with every batch, and moves to format 2 as it snapshots', async () => {
  const dir = fresh();
  cpSync(join('test', 'graph', 'fixtures', 'legacy-store'), dir, { recursive: true });
  const { ds, warnings } = await reopen(dir);
  assert.equal(warnings, []);
  assert.equal([ds.recovery.snapshotSeq, ds.recovery.replayed], [6, 4]);
  assert.equal(presentOf(ds, 10), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  await ds.ingest(batch(11));
  await ds.snapshot();
  await ds.ingest(batch(12));
  await ds.close();
  const again = await reopen(dir);
  assert.equal(presentOf(again.ds, 12), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  assert.ok(filesOf(dir, /^snapshot\.bin$/).length === 1, 'the old snapshot stays while it is the way back');
  await again.ds.ingest(batch(13));
  await again.ds.snapshot();
  await again.ds.close();
  assert.equal(filesOf(dir, /^snapshot\.bin$/), []);
  assert.equal(filesOf(dir, SNAPSHOTS), ['snapshot-0000000000000011.bin', 'snapshot-0000000000000013.bin']);
  assert.equal(filesOf(dir, SEGMENTS), ['wal-0000000000000012.log', 'wal-0000000000000014.log']);
  const last = await reopen(dir);
  assert.equal(presentOf(last.ds, 13).length, 13);
  await last.ds.close();
});

test.after(cleanup);

test.run();
