// Shared by the damage tests (damage-matrix, damage-pairs): a small store (30 acknowledged
// batches, snapshots after batches 10 and 20, so two snapshots and two segments on disk), harms
// done to copies of it, and the verdict every harm must meet: a full recovery of every
// acknowledged batch, or a refusal naming the file and the byte; then `repair` must bring back
// every batch not in a damaged record, and the store must open.
import { cpSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as assert from 'uvu/assert';
import { DurableStore } from '../../src/graph/durable/durable-store.node.ts';
import { repairStore } from '../../src/graph/durable/store-repair.node.ts';
import { scanSegment } from '../../src/graph/durable/wal-scan.node.ts';
import { batch, fresh, presentOf, reopen } from './durable-helpers.ts';
import { schema } from './helpers.ts';

export const N = 30;
export const WAL_11 = 'wal-0000000000000011.log',
  WAL_21 = 'wal-0000000000000021.log',
  SNAP_10 = 'snapshot-0000000000000010.bin',
  SNAP_20 = 'snapshot-0000000000000020.bin',
  CHECKPOINT = 'checkpoint',
  CHECKPOINT_COPY = 'checkpoint.copy';

export async function pristine(): Promise<string> {
  const dir = fresh('weft-matrix-');
  const ds = await DurableStore.open(dir, schema(), { background: false });
  for (let k = 1; k <= N; k++) {
    await ds.ingest(batch(k));
    if (k === 10 || k === 20) await ds.snapshot();
  }
  await ds.close();
  return dir;
}

export type Harm = { file: string; kind: 'flip' | 'zero' | 'truncate' | 'remove'; at: number };

/** Byte ranges [from, to) of each batch's record in a segment. */
export function recordSpans(path: string, first: number): Map<number, [number, number]> {
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
  else {
    const bytes = readFileSync(path);
    if (h.kind === 'flip') bytes[h.at] ^= 1 + ((h.at * 37) % 255);
    else bytes.fill(0, h.at, Math.min(bytes.length, h.at + 64));
    writeFileSync(path, bytes);
  }
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

const REFUSAL = /(wal|snapshot)-\d+\.(log|bin) byte \d+: |\(no log segment\) byte 0: |checkpoint(\.copy)? byte \d+: /;

/**
 * Harm a copy of `base` with every one of `harms`, open it, and assert the verdict. Returns
 * whether open refused. A refusal must be owed to a lost batch, the newest snapshot, or both
 * checkpoint files harmed (then nothing tells a shortened log from a whole one).
 */
export async function verdict(base: string, harms: Harm[]): Promise<boolean> {
  const name = harms.map((h) => `${h.kind} ${h.file} at ${h.at}`).join(' + ');
  const all = Array.from({ length: N }, (_, i) => i + 1);
  const dir = fresh('weft-matrix-case-');
  cpSync(base, dir, { recursive: true });
  const lost = new Set(harms.flatMap((h) => [...destroyed(dir, h)]));
  for (const h of harms) apply(dir, h);
  const opened = await reopen(dir).catch((e: Error) => e);
  if (opened instanceof Error) {
    assert.match(opened.message, REFUSAL, name);
    const owed =
      lost.size > 0 ||
      harms.some((h) => h.file === SNAP_20) ||
      [CHECKPOINT, CHECKPOINT_COPY].every((f) => harms.some((h) => h.file === f));
    assert.ok(owed, `${name}: refused although nothing was lost: ${opened.message}`);
    const report = await repairStore(dir);
    assert.ok(report.opens, name);
    const { ds } = await reopen(dir);
    assert.equal(
      presentOf(ds, N),
      all.filter((k) => !lost.has(k)),
      `${name}: after repair (${report.lines.join(' | ')})`,
    );
    await ds.close();
    return true;
  }
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
  return false;
}
