import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CHECKPOINTS } from './files.ts';
import { stampDamage, stampedSeq } from './wal-format.node.ts';

const MAGIC = Buffer.from('WEFTCKP1');
/** magic (8), f64 seq, u32 0, u32 CRC-32 of the 20 bytes before it: one 24-byte write, inside one disk sector. */
export const CHECKPOINT_SIZE = 24;

export function checkpointBytes(seq: number): Buffer {
  return stampedSeq(MAGIC, seq);
}

/** The batch a checkpoint file's bytes name, or why they name none and at which byte. */
function parseCheckpoint(b: Buffer): number | { offset: number; why: string } {
  if (b.length !== CHECKPOINT_SIZE)
    return { offset: Math.min(b.length, CHECKPOINT_SIZE), why: `${b.length} bytes, not ${CHECKPOINT_SIZE}` };
  const bad = stampDamage(MAGIC, b);
  if (bad) return bad;
  const seq = b.readDoubleLE(8);
  return Number.isSafeInteger(seq) && seq >= 0 ? seq : { offset: 8, why: `batch ${seq} is out of range` };
}

/** A checkpoint file that is missing or says nothing, where, and why. */
interface BadCheckpoint {
  readonly file: string;
  readonly offset: number;
  readonly why: string;
}

/** What a store's checkpoint files say: the highest batch either vouches for (undefined: neither can be read), what each readable one says, and the others. */
export interface Checkpoints {
  readonly seq: number | undefined;
  readonly copies: number[];
  readonly bad: BadCheckpoint[];
}

/** Read both of dir's checkpoint files (Checkpoint). */
export async function readCheckpoints(dir: string): Promise<Checkpoints> {
  const copies: number[] = [];
  const bad: BadCheckpoint[] = [];
  for (const file of CHECKPOINTS) {
    let b: Buffer;
    try {
      b = await readFile(join(dir, file));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      bad.push({ file, offset: 0, why: 'missing' });
      continue;
    }
    const p = parseCheckpoint(b);
    if (typeof p === 'number') copies.push(p);
    else bad.push({ file, offset: p.offset, why: `damaged (${p.why})` });
  }
  return { seq: copies.length > 0 ? Math.max(...copies) : undefined, copies, bad };
}
