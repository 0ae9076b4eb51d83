// The damage matrix: a small store (30 acknowledged batches, snapshots after batches 10 and 20,
// so two snapshots and two segments on disk) is copied and harmed in one place per case: byte
// flips, zeroed blocks and truncations at seeded random places of every kind of file, and missing
// files. Each case must end in a full recovery of every acknowledged batch, or in a refusal naming
// the file and the byte; then `repair` must bring back every batch not in a damaged record, and
// the store must open. Never a silent loss, never a store that repair cannot open.
import { cpSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DurableStore } from '../../src/graph/durable/durable-store.node.ts';
import { repairStore } from '../../src/graph/durable/store-repair.node.ts';
import { scanSegment } from '../../src/graph/durable/wal-scan.node.ts';
import { batch, cleanup, fresh, presentOf, reopen } from './durable-helpers.ts';
import { lcg, schema } from './helpers.ts';

const SEED = 20261203;
const N = 30;
const WAL_11 = 'wal-0000000000000011.log',
  WAL_21 = 'wal-0000000000000021.log',
  SNAP_10 = 'snapshot-0000000000000010.bin',
  SNAP_20 = 'snapshot-0000000000000020.bin';

async function pristine(): Promise<string> {
  const dir = fresh('weft-matrix-');
  const ds = await DurableStore.open(dir, schema(), { background: false });
  for (let k = 1; k <= N; k++) {
    await ds.ingest(batch(k));
    if (k === 10 || k === 20) await ds.snapshot();
  }
  await ds.close();
  return dir;
}

type Harm = { file: string; kind: 'flip' | 'zero' | 'truncate' | 'remove'; at: number };

/** Byte ranges [from, to) of each batch's record in a segment. */
function recordSpans(path: string, first: number): Map<number, [number, number]> {
  const buf = readFileSync(path);
  const s = scanSegment('', first, buf);
  const spans = new Map<number, [number, number]>();
  s.records.forEach((r, i) => {
    spans.set(r.seq, [r.offset, s.records[i + 1]?.offset ?? buf.length]);
  });
  return spans;
}

function apply(dir: string, h: Harm): void {
  const path = join(dir, h.file);
  if (h.kind === 'remove') rmSync(path);
  else if (h.kind === 'truncate') truncateSync(path, h.at);
  else flipOrZero(path, h);
}

function flipOrZero(path: string, h: Harm): void {
  const bytes = readFileSync(path);
  if (h.kind === 'flip') bytes[h.at] ^= 1 + ((h.at * 37) % 255);
  else bytes.fill(0, h.at, Math.min(bytes.length, h.at + 64));
  writeFileSync(path, bytes);
}

/** The batches a harm destroys: those whose record bytes it touches, in a segment still needed. */
function destroyed(dir: string, h: Harm): Set<number> {
  const out = new Set<number>();
  if (!h.file.startsWith('wal-') || h.file === WAL_11) return out; // snapshot 20 holds batches 11-20
  const spans = recordSpans(join(dir, h.file), 21);
  const [lo, hi] =
    h.kind === 'remove'
      ? [0, Infinity]
      : h.kind === 'truncate'
        ? [h.at, Infinity]
        : [h.at, h.at + (h.kind === 'zero' ? 64 : 1)];
  for (const [seq, [from, to]] of spans) if (from < hi && to > lo) out.add(seq);
  return out;
}

function cases(dir: string): Harm[] {
  const rnd = lcg(SEED);
  const size = (f: string) => statSync(join(dir, f)).size;
  const out: Harm[] = [];
  const places = (f: string): number[] => {
    const n = size(f);
    return [rnd(Math.min(40, n)), Math.floor(n / 2) + rnd(16), n - 1 - rnd(Math.min(40, n)), rnd(n)];
  };
  for (const file of [WAL_21, WAL_11, SNAP_20, SNAP_10, 'checkpoint'])
    for (const kind of ['flip', 'zero', 'truncate'] as const)
      for (const at of places(file))
        out.push({ file, kind, at: kind === 'truncate' ? Math.min(at, size(file) - 1) : at });
  out.push({ file: SNAP_20, kind: 'flip', at: 8 + rnd(4) }, { file: SNAP_20, kind: 'truncate', at: 0 });
  out.push({ file: WAL_21, kind: 'truncate', at: 0 });
  for (const file of [WAL_21, WAL_11, SNAP_20, 'checkpoint']) out.push({ file, kind: 'remove', at: 0 });
  return out;
}

test('every harm: a full recovery or a refusal naming file and byte; repair then keeps every intact batch', async () => {
  const base = await pristine();
  const all = Array.from({ length: N }, (_, i) => i + 1);
  let refused = 0;
  const list = cases(base);
  for (const h of list) {
    const name = `${h.kind} ${h.file} at ${h.at}`;
    const dir = fresh('weft-matrix-case-');
    cpSync(base, dir, { recursive: true });
    const lost = destroyed(dir, h);
    apply(dir, h);
    const opened = await reopen(dir).catch((e: Error) => e);
    if (opened instanceof Error) {
      refused++;
      assert.match(opened.message, /(wal|snapshot)-\d+\.(log|bin) byte \d+: |\(no log segment\) byte 0: /, name);
      assert.ok(lost.size > 0 || h.file === SNAP_20, `${name}: refused although nothing was lost: ${opened.message}`);
      const report = await repairStore(dir);
      assert.ok(report.opens, name);
      const { ds } = await reopen(dir);
      const want = all.filter((k) => !lost.has(k));
      assert.equal(presentOf(ds, N), want, `${name}: after repair (${report.lines.join(' | ')})`);
      await ds.close();
    } else {
      assert.equal(
        presentOf(opened.ds, N),
        all,
        `${name}: opened, so nothing may be missing (${opened.warnings.join(' | ')})`,
      );
      await opened.ds.ingest(batch(N + 1));
      await opened.ds.close();
      const again = await reopen(dir);
      assert.equal(presentOf(again.ds, N + 1), [...all, N + 1], `${name}: after another batch and a reopen`);
      await again.ds.close();
    }
  }
  assert.ok(refused > 5 && refused < list.length, `some cases refused, some recovered (${refused} of ${list.length})`);
});

test.after(cleanup);

test.run();
