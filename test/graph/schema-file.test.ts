// schema.json is what `weft store check` and `repair` read the log with. Damaged together with
// the log, it left a store that open refused and repair could not read (found by probing: a
// flipped letter in a relation name gave repair a bare "node type 'meschant' is not one of …").
// Open now writes the caller's schema over a missing or unreadable file before recovery, and the
// file carries a checksum, so a flipped byte that still parses is refused, naming the file.
import { readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadSchema } from '../../src/graph/durable/schema-file.node.ts';
import { repairStore } from '../../src/graph/durable/store-repair.node.ts';
import {
  cleanup,
  filesOf,
  fresh,
  presentOf,
  rejection,
  reopen,
  SEGMENTS,
  SNAPSHOTS,
  writeBatches,
} from './durable-helpers.ts';

/** Change one letter of the node type 'merchant': the JSON still parses. */
function flipName(dir: string): void {
  const path = join(dir, 'schema.json');
  const text = readFileSync(path, 'utf8');
  const at = text.indexOf('merchant"');
  writeFileSync(path, `${text.slice(0, at + 2)}s${text.slice(at + 3)}`);
}

test('a flipped byte that still parses is refused, naming schema.json', async () => {
  const dir = fresh();
  await writeBatches(dir, 1, 2);
  flipName(dir);
  assert.throws(() => loadSchema(dir), /schema\.json: unreadable \(checksum mismatch/);
});

test('schema.json and the log damaged together: open refuses and rewrites the schema, repair keeps every intact batch', async () => {
  const dir = fresh();
  await writeBatches(dir, 1, 10);
  flipName(dir);
  const [seg] = filesOf(dir, SEGMENTS);
  truncateSync(join(dir, seg), readFileSync(join(dir, seg)).length - 5); // batch 10's record torn: acknowledged, so open must refuse
  const warnings: string[] = [];
  const err = await rejection(reopen(dir, { warn: (m) => warnings.push(m) }));
  assert.match(err.message, /wal-\d+\.log byte \d+: /);
  assert.ok(
    warnings.some((w) => /schema\.json: unreadable/.test(w)),
    warnings.join(' | '),
  );
  const report = await repairStore(dir);
  assert.ok(report.opens, report.lines.join(' | '));
  const { ds } = await reopen(dir);
  assert.equal(presentOf(ds, 10), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  await ds.close();
});

test('both checkpoints gone and the only segment cut to nothing: refused (schema.json says the store keeps one), not opened empty', async () => {
  const dir = fresh();
  await writeBatches(dir, 1, 10);
  assert.is(filesOf(dir, SNAPSHOTS).length, 0);
  for (const f of ['checkpoint', 'checkpoint.copy']) rmSync(join(dir, f));
  const [seg] = filesOf(dir, SEGMENTS);
  truncateSync(join(dir, seg), 0);
  const err = await rejection(reopen(dir));
  assert.match(err.message, /checkpoint byte 0: missing; checkpoint\.copy byte 0: missing/);
  assert.match(err.message, /store repair/);
  // Repair opens it (nothing intact is left to keep), and says what it did.
  const report = await repairStore(dir);
  assert.ok(report.opens, report.lines.join(' | '));
});

test('a store from before the mark (schema.json without it) still opens with no checkpoint and an empty log', async () => {
  const dir = fresh();
  await writeBatches(dir, 1, 3);
  const path = join(dir, 'schema.json');
  const { crc32: _, checkpointed, ...d } = JSON.parse(readFileSync(path, 'utf8'));
  assert.is(checkpointed, true);
  writeFileSync(path, JSON.stringify({ ...d, crc32: crc32(JSON.stringify(d)) }));
  for (const f of ['checkpoint', 'checkpoint.copy']) rmSync(join(dir, f));
  const [seg] = filesOf(dir, SEGMENTS);
  truncateSync(join(dir, seg), 0);
  const { ds } = await reopen(dir);
  assert.equal(presentOf(ds, 3), []);
  await ds.close();
});

test.after(cleanup);

test.run();
