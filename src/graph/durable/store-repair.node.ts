import { mkdirSync, readdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { checkEncoded } from '../ingest/check-encoded.ts';
import { FORMAT_BOUNDS } from '../ingest/limits.ts';
import { Checkpoint } from './checkpoint.node.ts';
import { LEGACY_SNAPSHOT, SEGMENT, SNAPSHOT, listStore } from './files.ts';
import { inspectStore } from './inspect.node.ts';
import { DirLock } from './lock.node.ts';
import { dumpStore } from './snapshot-codec.ts';
import { syncDir, writeSnapshot } from './snapshot.node.ts';
import { describeInspection, storeSchema, type StoreReport } from './store-check.node.ts';
import { WalWriter } from './wal.node.ts';

/** Ranges of the numbers in [from, to] missing from `have`, as text ('4 to 9, 12'). */
function gaps(have: Set<number>, from: number, to: number): string[] {
  const out: string[] = [];
  for (let s = from; s <= to; s++) {
    if (have.has(s)) continue;
    let e = s;
    while (e + 1 <= to && !have.has(e + 1)) e++;
    out.push(s === e ? `${s}` : `${s} to ${e}`);
    s = e;
  }
  return out;
}

/**
 * Salvage a store that open refuses: the newest snapshot that loads, then every whole record
 * after it that checks, in batch order, skipping what is damaged (each listed, with the batches
 * it cost). The result is written as a new snapshot (numbered past anything in the directory),
 * verified, and the checkpoint rewritten; then every old file (segments, snapshots) is moved into
 * DIR/repaired-<time>/, not deleted, and an empty log begun after it. A crash at any step leaves a
 * store that opens. Takes the store's lock.
 */
export async function repairStore(dir: string): Promise<StoreReport> {
  const lock = DirLock.acquire(dir);
  try {
    const schema = storeSchema(dir);
    const ins = await inspectStore(dir, schema);
    const lines = describeInspection(ins);
    const { store } = ins;
    const base = ins.snapshot?.seq ?? 0;
    const adds = new Uint32Array(schema.relations.size);
    const applied = new Set<number>();
    const records = ins.scans
      .flatMap((s) => s.records.map((r) => ({ ...r, file: s.name })))
      .filter((r) => r.seq > base)
      .sort((a, b) => a.seq - b.seq);
    for (const r of records) {
      if (applied.has(r.seq)) continue;
      try {
        checkEncoded(schema, r.body, adds, FORMAT_BOUNDS);
      } catch (e) {
        lines.push(
          `skipped: ${r.file} byte ${r.offset}: the record of batch ${r.seq} does not check: ${(e as Error).message}`,
        );
        continue;
      }
      store.apply(r.body, `${r.file} batch ${r.seq}`);
      applied.add(r.seq);
    }
    // Numbered past every batch and snapshot the directory names, so the new snapshot is the newest.
    const named = listStore(readdirSync(dir)).snapshots.map((s) => s.seq);
    const last = Math.max(base, ins.plan.acked, ...applied, ...named, ...records.map((r) => r.seq));
    const lost = gaps(applied, base + 1, last);
    // The new snapshot first: a crash at any later step leaves it the newest, and the store opens from it.
    const captured = dumpStore(store, last);
    let name: string;
    try {
      name = await writeSnapshot(dir, captured, last);
    } finally {
      captured.settle();
    }
    // The checkpoint next, made whole and saying `last`: the old log may go only once it stands.
    await (await Checkpoint.open(dir, last)).close();
    const aside = join(dir, `repaired-${new Date().toISOString().replace(/[:.]/g, '-')}`);
    mkdirSync(aside);
    for (const f of readdirSync(dir))
      if (f !== name && (SEGMENT.test(f) || SNAPSHOT.test(f) || f === LEGACY_SNAPSHOT || f.endsWith('.damaged')))
        renameSync(join(dir, f), join(aside, f));
    await syncDir(dir);
    await (await WalWriter.create(dir, last + 1)).close();
    lines.push(
      `repaired: ${applied.size} batches after ${ins.snapshot ? `snapshot batch ${base}` : 'an empty store'} kept, store now at batch ${last}`,
      lost.length ? `lost: batches ${lost.join(', ')} (damaged or missing)` : 'lost: no batch',
      `old files moved to ${aside}`,
    );
    return { opens: true, damaged: lost.length > 0, lines };
  } finally {
    lock.release();
  }
}
