import { writeSync } from 'node:fs';
import { type FileHandle, open, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { CHECKPOINTS } from './files.ts';
import { CHECKPOINT_SIZE, checkpointBytes, readCheckpoints } from './checkpoint-read.node.ts';
import { syncDir } from './snapshot.node.ts';

/**
 * The checkpoint: the highest batch known to be on disk, so that a log cut short (a segment
 * truncated, even to nothing, or removed) is told from one that simply ended. It is kept twice,
 * in two files (CHECKPOINTS), so that one damaged or lost file never leaves a shortened log
 * looking whole. Both are rewritten in place after each fsync of the log, and a batch is
 * acknowledged only once they are written (24 bytes each, no fsync of their own: a kill -9
 * keeps them, since they are in the page cache; after a power loss they may lag, never lead,
 * since they are written only after the log's fsync returned); they are synced at segment
 * rotation and close. The writes are synchronous: 24 bytes into a page that is always cached
 * cost a few microseconds, where a trip through libuv's thread pool and back to a busy event
 * loop delayed every acknowledgement, and with it the next batch's apply (ingest of the
 * producer-worker path in `npm run bench -- graph` was ~4% slower with it, 2 × Intel Xeon, 2
 * vCPUs, 3 Dec 2026).
 */
export class Checkpoint {
  private written: number;

  private constructor(
    private readonly fhs: FileHandle[],
    seq: number,
  ) {
    this.written = seq;
  }

  /**
   * Open dir's checkpoint files, each saying `seq` (recovery's last batch, its segment synced)
   * or more: a copy that is missing or damaged is made anew (written aside, synced, renamed), so
   * a crash meanwhile never leaves a half-written one. Call it before the first log segment is
   * begun: a store with a format 2 log always has its checkpoint.
   */
  static async open(dir: string, seq: number): Promise<Checkpoint> {
    const found = await readCheckpoints(dir);
    const top = Math.max(seq, found.seq ?? 0);
    const fhs: FileHandle[] = [];
    try {
      for (const name of CHECKPOINTS) {
        const path = join(dir, name);
        if (found.bad.every((b) => b.file !== name)) {
          fhs.push(await open(path, 'r+'));
          continue;
        }
        const tmp = await open(`${path}.tmp`, 'w');
        await tmp.write(checkpointBytes(top), 0, CHECKPOINT_SIZE, 0);
        await tmp.datasync();
        await tmp.close();
        await rename(`${path}.tmp`, path);
        fhs.push(await open(path, 'r+'));
      }
      const cp = new Checkpoint(fhs, Math.min(top, ...found.copies));
      cp.advance(top);
      for (const fh of fhs) await fh.datasync();
      if (found.bad.length > 0) await syncDir(dir);
      return cp;
    } catch (e) {
      for (const fh of fhs) await fh.close();
      throw e;
    }
  }

  /** Record that batches up to `seq` are on disk: both files say so (or more) when it returns. */
  advance(seq: number): void {
    if (seq <= this.written) return;
    const b = checkpointBytes(seq);
    for (const fh of this.fhs)
      if (writeSync(fh.fd, b, 0, CHECKPOINT_SIZE, 0) !== CHECKPOINT_SIZE)
        throw new Error(`checkpoint write of batch ${seq} was cut short`);
    this.written = seq;
  }

  /** fsync both files. */
  async sync(): Promise<void> {
    await Promise.all(this.fhs.map((fh) => fh.datasync()));
  }

  async close(): Promise<void> {
    try {
      await this.sync();
    } finally {
      for (const fh of this.fhs) await fh.close();
    }
  }
}
