import { closeSync, ftruncateSync, fsyncSync, openSync, renameSync, rmSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Maintainer } from '../base/maintainer.ts';
import type { Schema } from '../base/schema.ts';
import type { GraphStore } from '../store.ts';
import { Checkpoint } from './checkpoint.node.ts';
import { inspectStore } from './inspect.node.ts';
import type { Kept } from './retain.node.ts';
import { syncDir } from './snapshot.node.ts';
import { SEGMENT_HEADER } from './wal-format.node.ts';
import { WalWriter } from './wal.node.ts';

export interface OpenedLog {
  readonly store: GraphStore;
  /** The last batch recovered: the next is end + 1. */
  readonly end: number;
  readonly snapshotSeq: number;
  readonly replayed: number;
  /** The segment to append to, synced. */
  readonly writer: WalWriter;
  /** Saying `end` or more, in both files. */
  readonly checkpoint: Checkpoint;
  readonly kept: Kept[];
}

/**
 * Recovery with its effects: inspect (inspectStore), refuse when planLog does, else replay
 * the plan's batches, cut a torn tail, set aside snapshots that would not load (renamed
 * `.damaged`, each with a warning), and open the segment to append to: the last one, unless it
 * is in format 1 or its header is unreadable, when a new one is begun after the last batch.
 */
export async function openLog(
  dir: string,
  schema: Schema,
  maintainer: Maintainer | undefined,
  warn: (msg: string) => void,
): Promise<OpenedLog> {
  for (const f of readdirSync(dir)) if (f.endsWith('.tmp')) rmSync(join(dir, f), { force: true });
  const ins = await inspectStore(dir, schema, maintainer);
  const { plan, store, scans } = ins;
  if (ins.refusal) throw new Error(ins.refusal);
  const from = ins.snapshot ? `${ins.snapshot.name} and the log after it` : 'the log from batch 1';
  for (const b of ins.badSnapshots) {
    renameSync(join(dir, b.name), join(dir, `${b.name}.damaged`));
    warn(`${b.why}; opened from ${from} instead (kept for this); the damaged file is now ${b.name}.damaged`);
  }
  const cp = ins.checkpoint;
  for (const b of cp.bad)
    if (cp.seq !== undefined || b.why !== 'missing')
      warn(
        `${b.file} byte ${b.offset}: ${b.why}; ${cp.seq !== undefined ? `the other copy vouches for batches up to ${cp.seq}` : "no format 2 log or snapshot needs it (a store from before checkpoints): the log's own witnesses vouch for what was acknowledged"}; written anew`,
      );
  for (const h of plan.harmless) warn(`${h.file} byte ${h.offset}: ${h.why}; no batch is lost there (left as it is)`);
  for (const r of plan.records) store.apply(r.body, `${r.file} batch ${r.seq}`);
  const last = scans.at(-1);
  let removed = false;
  let append = last !== undefined && !last.legacy && last.headerFirst !== undefined;
  if (plan.cut && last) {
    const { offset, why } = plan.cut;
    warn(
      `${last.name}: ${why} at byte ${offset}; cut the last ${last.size - offset} bytes (a torn write of batches never acknowledged: the log vouches for batches up to ${plan.acked}, all recovered)`,
    );
    if (offset <= SEGMENT_HEADER && !last.legacy) {
      rmSync(join(dir, last.name));
      removed = true;
      append = false;
    } else truncate(join(dir, last.name), offset);
  } else if (last && !append && last.records.length === 0 && !last.legacy) {
    // Begun but its header never (wholly) written: a crash while the segment was created.
    rmSync(join(dir, last.name));
    removed = true;
  }
  // The checkpoint before any new segment: a format 2 segment never stands without one.
  if (last && !removed) fsyncFile(join(dir, last.name));
  const checkpoint = await Checkpoint.open(dir, plan.end);
  let writer: WalWriter;
  try {
    writer =
      append && last ? await WalWriter.open(dir, last.first, plan.end) : await WalWriter.create(dir, plan.end + 1);
    await syncDir(dir);
  } catch (e) {
    await checkpoint.close();
    throw e;
  }
  return {
    store,
    end: plan.end,
    snapshotSeq: ins.snapshot?.seq ?? 0,
    replayed: plan.records.length,
    writer,
    checkpoint,
    kept: ins.snapshot ? [ins.snapshot] : [],
  };
}

function truncate(path: string, size: number): void {
  const fd = openSync(path, 'r+');
  try {
    ftruncateSync(fd, size);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function fsyncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
