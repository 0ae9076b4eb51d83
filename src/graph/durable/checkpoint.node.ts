import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { CHECKPOINT } from './files.ts';
import { syncDir } from './snapshot.node.ts';

const MAGIC = Buffer.from('WEFTCKP1');
/** magic (8), f64 seq, u32 0, u32 CRC-32 of the 20 bytes before it: one 24-byte write, inside one disk sector. */
const SIZE = 24;

/**
 * The checkpoint: the highest batch known to be on disk, kept in a file of its own so that a log
 * cut short (a segment truncated, even to nothing, or removed) is told from one that simply
 * ended. It is rewritten in place after each fsync of the log (only a 24-byte write, no fsync of
 * its own: a kill -9 keeps it, since it is in the page cache; after a power loss it may lag, never
 * lead, since it is written only after the log's fsync returned), and synced at segment
 * rotation and close. Writes do not queue: while one is under way, later values wait, and the
 * newest is written next.
 */
export class Checkpoint {
  private written: number;
  private wanted: number;
  private writing: Promise<void> | undefined;

  private constructor(
    private readonly fh: FileHandle,
    seq: number,
  ) {
    this.written = this.wanted = seq;
  }

  /** Open dir's checkpoint, rewritten to say `seq` (recovery's last batch, its segment synced) unless it says more. */
  static async open(dir: string, seq: number): Promise<Checkpoint> {
    const found = await readCheckpoint(dir);
    const fh = await open(join(dir, CHECKPOINT), typeof found === 'number' ? 'r+' : 'w+');
    const cp = new Checkpoint(fh, typeof found === 'number' ? Math.max(found, seq) : seq);
    if (cp.written !== found) await cp.put(cp.written);
    await fh.datasync();
    if (found === undefined) await syncDir(dir);
    return cp;
  }

  /** Record that batches up to `seq` are on disk. */
  advance(seq: number): void {
    if (seq <= this.wanted) return;
    this.wanted = seq;
    this.writing ??= this.drain();
  }

  /** Write what is wanted, then fsync the file. */
  async sync(): Promise<void> {
    await this.writing;
    if (this.wanted > this.written) await this.put(this.wanted);
    await this.fh.datasync();
  }

  async close(): Promise<void> {
    await this.sync();
    await this.fh.close();
  }

  private async drain(): Promise<void> {
    try {
      while (this.wanted > this.written) await this.put(this.wanted);
    } finally {
      this.writing = undefined;
    }
  }

  private async put(seq: number): Promise<void> {
    const b = Buffer.alloc(SIZE);
    MAGIC.copy(b);
    b.writeDoubleLE(seq, 8);
    b.writeUInt32LE(crc32(b.subarray(0, 20)), 20);
    await this.fh.write(b, 0, SIZE, 0);
    this.written = Math.max(this.written, seq);
  }
}

/** The batch dir's checkpoint names, why it cannot be read, or undefined when there is none. */
export async function readCheckpoint(dir: string): Promise<number | string | undefined> {
  let fh: FileHandle;
  try {
    fh = await open(join(dir, CHECKPOINT), 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  try {
    const b = Buffer.alloc(SIZE);
    const { bytesRead } = await fh.read(b, 0, SIZE, 0);
    if (bytesRead < SIZE || !b.subarray(0, 8).equals(MAGIC) || crc32(b.subarray(0, 20)) !== b.readUInt32LE(20))
      return `${join(dir, CHECKPOINT)} is damaged`;
    const seq = b.readDoubleLE(8);
    return Number.isSafeInteger(seq) && seq >= 0 ? seq : `${join(dir, CHECKPOINT)} is damaged`;
  } finally {
    await fh.close();
  }
}
