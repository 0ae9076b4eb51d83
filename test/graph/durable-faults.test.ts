// The six ways issue 13's probe lost acknowledged data or bricked the store, each reproduced:
// mid-log damage, a damaged snapshot, a batch whose reads disagree, schemas past the index
// width, two opens of one directory, an event from the far future; and the size and quoting
// limits. Each must end in a clear refusal (naming file and byte where there is one) or in every
// acknowledged batch kept.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { makeSchema } from '../../src/graph/base/schema.ts';
import { DurableStore } from '../../src/graph/durable/durable-store.node.ts';
import { checkStore } from '../../src/graph/durable/store-check.node.ts';
import { repairStore } from '../../src/graph/durable/store-repair.node.ts';
import { GraphStore } from '../../src/graph/store.ts';
import {
  SEGMENTS,
  SNAPSHOTS,
  batch,
  cleanup,
  filesOf,
  fresh,
  presentOf,
  rejection,
  reopen,
  writeBatches,
} from './durable-helpers.ts';
import { PAYS, USES, add, ev, schema } from './helpers.ts';

const all = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

test('1. a flipped byte mid-log: open refuses naming file, byte and the batches past it; repair keeps all but the damaged one', async () => {
  const dir = fresh();
  await writeBatches(dir, 1, 100);
  const log = join(dir, filesOf(dir, SEGMENTS)[0]);
  const bytes = readFileSync(log);
  bytes[bytes.length >> 1] ^= 0x40;
  writeFileSync(log, bytes);
  const err = await rejection(reopen(dir));
  assert.match(
    err.message,
    /wal-0000000000000001\.log byte \d+: checksum mismatch .*Acknowledged \d+ batches \(\d+ to 100\) lie past it \(\d+ in whole records\)/,
  );
  assert.equal(readFileSync(log), bytes, 'a refused open changes nothing');
  const check = await checkStore(dir);
  assert.equal([check.opens, check.damaged], [false, true]);
  assert.match(check.lines.join('\n'), /damaged: bytes \d+ to \d+: checksum mismatch/);
  const repair = await repairStore(dir);
  assert.match(repair.lines.join('\n'), /lost: batches \d+ \(damaged or missing\)/);
  const { ds } = await reopen(dir);
  assert.is(presentOf(ds, 100).length, 99);
  await ds.close();
});

test('1. a log cut to 0 bytes, or a segment missing, is refused, not opened with a gap', async () => {
  for (const harm of ['empty', 'missing'] as const) {
    const dir = fresh();
    const ds = await DurableStore.open(dir, schema(), { background: false });
    for (let k = 1; k <= 30; k++) {
      await ds.ingest(batch(k));
      if (k % 10 === 0 && k < 30) await ds.snapshot();
    }
    await ds.close();
    const [older, newest] = filesOf(dir, SEGMENTS).slice(-2);
    if (harm === 'empty') writeFileSync(join(dir, newest), '');
    else {
      // The newest snapshot gone too: recovery needs the older segment, which is missing.
      for (const f of filesOf(dir, SNAPSHOTS).slice(-1)) writeFileSync(join(dir, f), 'x');
      writeFileSync(join(dir, older), '');
    }
    const err = await rejection(reopen(dir));
    assert.match(err.message, /wal-\d+\.log byte \d+: .*Acknowledged \d+ batches \(\d+ to 30\) lie past it/, harm);
  }
});

test('2. a damaged newest snapshot (its header length too) falls back to the previous one and the log since it', async () => {
  const dir = fresh();
  const ds = await DurableStore.open(dir, schema(), { background: false });
  for (let k = 1; k <= 12; k++) {
    await ds.ingest(batch(k));
    if (k % 4 === 0) await ds.snapshot();
  }
  await ds.close();
  const newest = join(dir, filesOf(dir, SNAPSHOTS).at(-1)!);
  const bytes = readFileSync(newest);
  bytes[9] ^= 0x01;
  writeFileSync(newest, bytes);
  const { ds: back, warnings } = await reopen(dir);
  assert.equal(presentOf(back, 12), all(12));
  assert.match(
    warnings.join('\n'),
    /snapshot-0000000000000012\.bin: checksum mismatch .*opened from snapshot-0000000000000008\.bin/,
  );
  await back.ingest(batch(13));
  await back.snapshot();
  await back.close();
  const again = await reopen(dir);
  assert.equal(presentOf(again.ds, 13), all(13));
  assert.equal(again.warnings, []);
  await again.ds.close();
});

test('3. what is logged is what was checked: an iterator or getters that disagree with the first read change nothing', async () => {
  const dir = fresh();
  const ds = await DurableStore.open(dir, schema(), { background: false });
  const ops = [add(PAYS, 'a1', 'm1')];
  (ops as unknown as { [Symbol.iterator]: () => Iterator<unknown> })[Symbol.iterator] = function* () {
    yield { op: 'add_edge', rel: 'nope', src: 1, dst: 2 };
  };
  let reads = 0;
  const sly = {
    op: 'add_edge',
    get rel() {
      return reads++ === 0 ? PAYS : 'bogus';
    },
    src: 'a2',
    dst: 'm2',
  };
  await ds.ingest([
    { id: 'e1', time: 1, ops },
    { id: 'e2', time: 2, ops: [sly] },
  ]);
  assert.equal([ds.store.hasEdge(PAYS, 'a1', 'm1'), ds.store.hasEdge(PAYS, 'a2', 'm2'), reads], [true, true, 1]);
  await ds.close();
  const { ds: back } = await reopen(dir);
  assert.equal([back.store.hasEdge(PAYS, 'a1', 'm1'), back.store.hasEdge(PAYS, 'a2', 'm2')], [true, true]);
  await back.close();
});

test('4. schemas past the one-byte index are refused at makeSchema, naming the count', () => {
  const rels = Array.from({ length: 300 }, (_, i) => `a__r${i}__a`);
  assert.throws(
    () => makeSchema({ nodeTypes: { a: 1 }, relations: rels }),
    /schema: 300 relations, expected at most 256/,
  );
  const types = Object.fromEntries(Array.from({ length: 257 }, (_, i) => [`t${i}`, 1]));
  assert.throws(() => makeSchema({ nodeTypes: types, relations: [] }), /schema: 257 node types, expected at most 256/);
  const ok = makeSchema({ nodeTypes: { a: 1 }, relations: rels.slice(0, 256) });
  const s = new GraphStore(ok);
  s.ingest([ev('e', 1, add('a__r255__a', 'x', 'y'), add('a__r0__a', 'p', 'q'))]);
  assert.equal([s.hasEdge('a__r255__a', 'x', 'y'), s.hasEdge('a__r0__a', 'x', 'y')], [true, false]);
});

function holder(dir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join('test', 'graph', 'lock-child.ts'), dir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => String(d).includes('ready') && resolve(child));
    child.on('exit', (code) => reject(new Error(`lock child exited ${code}`)));
  });
}

test("5. a second open, in this process or another, is refused naming the holder; a killed holder's lock is taken over", async () => {
  const dir = fresh();
  const ds = await DurableStore.open(dir, schema(), { background: false });
  const same = await rejection(DurableStore.open(dir, schema(), { background: false }));
  assert.match(same.message, new RegExp(`is open in process ${process.pid} on .* \\(this process\\)`));
  await ds.ingest(batch(1));
  await ds.close();
  const child = await holder(dir);
  const other = await rejection(DurableStore.open(dir, schema(), { background: false }));
  assert.match(other.message, new RegExp(`is open in process ${child.pid} on `));
  const gone = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await gone;
  const { ds: back, warnings } = await reopen(dir);
  assert.equal(presentOf(back, 1), [1]);
  assert.ok(back.store.applied.has('child'), "the killed holder's acknowledged batch is there");
  assert.equal(warnings, []);
  await back.close();
  // A lock file that holds no holder (cut short by a crash as it was written, or damaged) is taken once old.
  writeFileSync(join(dir, 'LOCK'), '{"pid": 12');
  assert.match((await rejection(reopen(dir))).message, /is open in an unknown process/);
  utimesSync(join(dir, 'LOCK'), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
  const { ds: taken } = await reopen(dir);
  await taken.close();
});

test('6. an event past the wall clock + maxSkewSeconds is refused; TTL edges stay visible', async () => {
  const dir = fresh();
  const ds = await DurableStore.open(dir, schema(), { background: false, limits: { maxSkewSeconds: 60 } });
  const now = Math.floor(Date.now() / 1000);
  await ds.ingest([ev('now', now, add(USES, 'a1', 'd1'))]);
  const err = await rejection(ds.ingest([ev('far', 4294967294, add(PAYS, 'a1', 'm1'))]));
  assert.match(
    err.message,
    /event 'far' \(batch\[0\]\): field 'time' is 4294967294, expected seconds since the epoch in \[0, \d+\] \(the wall clock \(.*\) \+ maxSkewSeconds 60\)/,
  );
  await ds.ingest([ev('soon', now + 30, add(USES, 'a2', 'd2'))]);
  assert.equal([ds.store.hasEdge(USES, 'a1', 'd1'), ds.store.hasEdge(USES, 'a2', 'd2')], [true, true]);
  await ds.close();
});

test('limits: a batch past maxBatchBytes, maxOps or maxIdLength is refused before logging, quoting at most ~100 characters', async () => {
  const dir = fresh();
  const ds = await DurableStore.open(dir, schema(), {
    background: false,
    limits: { maxBatchBytes: 1 << 19, maxOps: 1000 },
  });
  const big = Array.from({ length: 900 }, (_, i) => ev(`b${i}`, 1, add(PAYS, `a${'x'.repeat(1000)}${i}`, 'm')));
  assert.match(
    (await rejection(ds.ingest(big))).message,
    /the batch passes 524288 encoded bytes here, expected at most that \(maxBatchBytes\): split it/,
  );
  const many = [ev('m', 1, ...Array.from({ length: 1001 }, (_, i) => add(PAYS, `a${i}`, 'm')))];
  assert.match(
    (await rejection(ds.ingest(many))).message,
    /the batch has 1001 ops so far, expected at most 1000 \(maxOps\)/,
  );
  const long = 'y'.repeat(1_000_000);
  const e = await rejection(ds.ingest([ev('long', 1, add(PAYS, long, 'm'))]));
  assert.match(
    e.message,
    /field 'src' is "y{100}"… \(1000000 characters\), expected a string node id of 1 to 1024 characters/,
  );
  assert.ok(e.message.length < 400, `message of ${e.message.length} characters`);
  assert.is(ds.lastSeq, 0, 'nothing was logged');
  await ds.close();
  assert.match(
    (await rejection(DurableStore.open(dir, schema(), { limits: { maxBatchBytes: 2 ** 31 } }))).message,
    /'maxBatchBytes' is 2147483648, expected an integer in \[1, \d+\]/,
  );
});

test.after(cleanup);

test.run();
