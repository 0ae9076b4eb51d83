import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DurableStore } from '../../src/graph/durable/durable-store.node.ts';
import { makeSchema } from '../../src/graph/base/schema.ts';
import { PAYS, add, ev, node, schema } from './helpers.ts';

const dirs: string[] = [];
function fresh(): string {
  const d = mkdtempSync(join(tmpdir(), 'weft-wal-test-'));
  dirs.push(d);
  return d;
}
const batch = (k: number) => [
  ev(`e${k}`, k, add(PAYS, `a${k}`, 'm1'), add(PAYS, `a${k}`, 'm2'), node('account', `a${k}`, [k, k, k, k])),
];
const logOf = (dir: string): string =>
  join(
    dir,
    readdirSync(dir)
      .filter((f) => f.startsWith('wal-'))
      .sort()
      .at(-1)!,
  );

async function rejects(p: Promise<unknown>, message: RegExp): Promise<void> {
  const err = await p.then(
    () => undefined,
    (e: Error) => e,
  );
  assert.ok(err, `expected a rejection matching ${message}`);
  assert.match(err.message, message);
}

async function writeBatches(dir: string, from: number, to: number): Promise<void> {
  const ds = await DurableStore.open(dir, schema());
  for (let k = from; k <= to; k++) await ds.ingest(batch(k));
  await ds.close();
}

async function reopen(dir: string): Promise<{ ds: DurableStore; warnings: string[] }> {
  const warnings: string[] = [];
  return { ds: await DurableStore.open(dir, schema(), { warn: (m) => warnings.push(m) }), warnings };
}

function present(ds: DurableStore, k: number): boolean {
  const both = ds.store.hasEdge(PAYS, `a${k}`, 'm1') && ds.store.hasEdge(PAYS, `a${k}`, 'm2');
  const none = !ds.store.hasEdge(PAYS, `a${k}`, 'm1') && !ds.store.hasEdge(PAYS, `a${k}`, 'm2');
  assert.ok(both || none, `batch ${k} is half there`);
  return both;
}

test('restart replays the log: every acknowledged batch is back', async () => {
  const dir = fresh();
  await writeBatches(dir, 1, 5);
  const { ds, warnings } = await reopen(dir);
  assert.equal(warnings, []);
  assert.equal(
    [1, 2, 3, 4, 5].map((k) => present(ds, k)),
    [true, true, true, true, true],
  );
  assert.equal([...ds.store.features('account', 'a3')!], [3, 3, 3, 3]);
  assert.is(ds.recovery.replayed, 5);
  await ds.close();
});

test('fsync policies none and interval: batches still reach the log and come back after a clean close', async () => {
  for (const fsync of ['none', 'interval'] as const) {
    const dir = fresh();
    const ds = await DurableStore.open(dir, schema(), { fsync, fsyncIntervalMs: 5 });
    for (let k = 1; k <= 3; k++) await ds.ingest(batch(k));
    await ds.close();
    const { ds: back } = await reopen(dir);
    assert.equal(
      [1, 2, 3].map((k) => present(back, k)),
      [true, true, true],
      fsync,
    );
    await back.close();
  }
});

test('a torn tail record is dropped with a warning, never replayed; appends then continue cleanly', async () => {
  const dir = fresh();
  await writeBatches(dir, 1, 5);
  truncateSync(logOf(dir), statSync(logOf(dir)).size - 3);
  const { ds, warnings } = await reopen(dir);
  assert.is(warnings.length, 1);
  assert.match(warnings[0], /torn record \(\d+ of \d+ payload bytes\) at byte \d+; dropping the last \d+ bytes/);
  assert.equal(
    [1, 2, 3, 4, 5].map((k) => present(ds, k)),
    [true, true, true, true, false],
  );
  await ds.ingest(batch(6));
  await ds.close();
  const again = await reopen(dir);
  assert.equal(again.warnings, []);
  assert.equal(
    [4, 5, 6].map((k) => present(again.ds, k)),
    [true, false, true],
  );
  await again.ds.close();
});

test('a bit flipped in the tail record fails its checksum: dropped with a warning', async () => {
  const dir = fresh();
  await writeBatches(dir, 1, 4);
  const log = logOf(dir);
  const bytes = readFileSync(log);
  bytes[bytes.length - 5] ^= 0x10;
  writeFileSync(log, bytes);
  const { ds, warnings } = await reopen(dir);
  assert.match(warnings.join('\n'), /checksum mismatch/);
  assert.equal(
    [1, 2, 3, 4].map((k) => present(ds, k)),
    [true, true, true, false],
  );
  await ds.close();
});

test('a torn record header (a few bytes of length) is dropped too', async () => {
  const dir = fresh();
  await writeBatches(dir, 1, 2);
  writeFileSync(logOf(dir), Buffer.concat([readFileSync(logOf(dir)), Buffer.from([9, 0, 0])]));
  const { ds, warnings } = await reopen(dir);
  assert.match(warnings.join('\n'), /torn record header \(3 of 8 bytes\)/);
  assert.equal(
    [1, 2].map((k) => present(ds, k)),
    [true, true],
  );
  await ds.close();
});

test('snapshot + log: restart loads the snapshot and replays only the batches after it', async () => {
  const dir = fresh();
  const ds = await DurableStore.open(dir, schema());
  for (let k = 1; k <= 3; k++) await ds.ingest(batch(k));
  await ds.ingest([ev('gone', 4, { op: 'delete_edge', rel: PAYS, src: 'a1', dst: 'm1' })]);
  await ds.snapshot();
  await ds.ingest([ev('wide', 5, add(PAYS, '账户😀', 'mü'))]);
  for (let k = 5; k <= 6; k++) await ds.ingest(batch(k));
  await ds.close();
  assert.is(
    readdirSync(dir).filter((f) => f.startsWith('wal-')).length,
    1,
    'segments before the snapshot were deleted',
  );
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

test('a damaged snapshot or a different schema is an error, not a silent partial load', async () => {
  const dir = fresh();
  const ds = await DurableStore.open(dir, schema());
  await ds.ingest(batch(1));
  await ds.snapshot();
  await ds.close();
  const other = makeSchema({ nodeTypes: { account: 4 }, relations: ['account__knows__account'] });
  await rejects(DurableStore.open(dir, other), /written for schema .* but the store was opened with/);
  const snap = join(dir, 'snapshot.bin');
  const bytes = readFileSync(snap);
  bytes[bytes.length - 1] ^= 1;
  writeFileSync(snap, bytes);
  await rejects(DurableStore.open(dir, schema()), /snapshot.bin: checksum mismatch/);
});

test('bad input through the durable store: rejected before logging, nothing written', async () => {
  const dir = fresh();
  const ds = await DurableStore.open(dir, schema());
  await ds.ingest(batch(1));
  const size = statSync(logOf(dir)).size;
  await rejects(
    ds.ingest([ev('bad', 2, add('nope__x__y', 'a', 'b'))]),
    /event 'bad' \(batch\[0\]\) ops\[0\]: field 'rel' is "nope__x__y"/,
  );
  assert.is(statSync(logOf(dir)).size, size);
  assert.is(ds.lastSeq, 1);
  await ds.close();
});

test.after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

test.run();
