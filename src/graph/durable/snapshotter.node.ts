import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { GraphStore } from '../store.ts';
import type { Checkpoint } from './checkpoint.node.ts';
import type { GroupCommit } from './group-commit.node.ts';
import { retain, type Kept } from './retain.node.ts';
import { type Captured, dumpStore } from './snapshot-codec.ts';
import { detach, writeSnapshot } from './snapshot.node.ts';
import { WalWriter } from './wal.node.ts';

/** What snapshots need of a DurableStore: its state, its log, and where ingest stands. */
export interface SnapshotSource {
  readonly dir: string;
  readonly store: GraphStore;
  readonly log: GroupCommit;
  readonly checkpoint: Checkpoint;
  /** Resolves once every batch submitted so far is applied. */
  applied(): Promise<unknown>;
  /** The last batch applied. */
  seq(): number;
}

/**
 * A DurableStore's snapshots, one at a time. Each is of the state after at least the batches
 * ingested before it was asked for (also those ingested until its turn comes). The capture is
 * taken between log writes and a new segment begun (the old one synced first); the file is
 * written while ingest goes on, then read back and verified. Only then do files go: the snapshot
 * before it and the log since that one stay, so a newest snapshot found damaged later still has
 * a way back (retain).
 */
export class Snapshotter {
  /** The snapshot being written, if any. */
  writing: Promise<void> | undefined;
  /** Bytes of the newest snapshot kept (0: none). */
  lastBytes = 0;

  constructor(
    private readonly src: SnapshotSource,
    /** Snapshots written and verified (or loaded), oldest first: the newest two are kept, with the log since the older. */
    private kept: Kept[],
  ) {
    const newest = kept.at(-1);
    if (newest) this.lastBytes = sizeOf(join(src.dir, newest.name));
  }

  take(): Promise<void> {
    const src = this.src,
      log = src.log;
    let seq = 0;
    let captured: Captured | undefined;
    const job = (this.writing ?? Promise.resolve())
      .then(() => {
        // Only the batches logged before the barrier: later ones wait behind it for their fsync.
        const before = src.applied();
        return log.barrier(async () => {
          await before;
          seq = src.seq();
          if (this.kept.at(-1)?.seq === seq) return;
          // The views are copied before ingest goes on, a slice at a time (detach).
          captured = await detach(dumpStore(src.store, seq));
          if (log.writer.lastSeq === seq && log.writer.first === seq + 1) return;
          await log.sync();
          await log.writer.close();
          log.writer = await WalWriter.create(src.dir, seq + 1);
          await src.checkpoint.sync();
        });
      })
      .then(async () => {
        if (!captured) return;
        const name = await writeSnapshot(src.dir, captured, seq);
        this.lastBytes = sizeOf(join(src.dir, name));
        this.kept = [...this.kept, { name, seq }].slice(-2);
        await retain(src.dir, this.kept);
      });
    // Snapshots chain one after another (one temporary file, one loan of the edge chunks at a
    // time: the next dump lends them again only after this one gave them back); the chain itself
    // never rejects.
    const settled: Promise<void> = job
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        captured?.settle();
        if (this.writing === settled) this.writing = undefined;
      });
    this.writing = settled;
    return job;
  }
}

/** A file's size, 0 when it cannot be read (the snapshot policy then falls back to its floor). */
function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
