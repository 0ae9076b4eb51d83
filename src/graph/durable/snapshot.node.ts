import { open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import type { Schema } from '../base/schema.ts';
import { restoreStore, type Captured } from './snapshot-codec.ts';
import type { GraphStore } from '../store.ts';
import type { Maintainer } from '../base/maintainer.ts';

const MAGIC = Buffer.from('WEFTSNP1');
/** magic (8), header length (u32), CRC-32 of everything after these 16 bytes (u32). */
const PREFIX = 16;
const SNAPSHOT = 'snapshot.bin';

function pad8(n: number): number {
  return Math.ceil(n / 8) * 8;
}

/**
 * Write a captured state to dir/snapshot.bin atomically: into a temporary file, fsynced, then
 * renamed over the old one and the directory fsynced. A crash at any point leaves either the
 * old snapshot or the new one, whole.
 */
export async function writeSnapshot(dir: string, { header, sections }: Captured): Promise<void> {
  const hb = Buffer.from(header);
  const parts: Buffer[] = [Buffer.concat([hb, Buffer.alloc(pad8(hb.length) - hb.length)])];
  for (const section of sections) {
    let bytes = 0;
    for (const a of section) {
      parts.push(Buffer.from(a.buffer, a.byteOffset, a.byteLength));
      bytes += a.byteLength;
    }
    if (pad8(bytes) !== bytes) parts.push(Buffer.alloc(pad8(bytes) - bytes));
  }
  let crc = 0;
  // Skip empty parts: node's zlib.crc32(empty, value) returns 0 instead of value.
  for (const p of parts) if (p.length > 0) crc = crc32(p, crc);
  const prefix = Buffer.alloc(PREFIX);
  MAGIC.copy(prefix);
  prefix.writeUInt32LE(hb.length, 8);
  prefix.writeUInt32LE(crc, 12);
  const tmp = join(dir, `${SNAPSHOT}.tmp`);
  const fh = await open(tmp, 'w');
  try {
    for (const p of [prefix, ...parts]) {
      let done = 0;
      while (done < p.length) done += (await fh.write(p, done, p.length - done)).bytesWritten;
    }
    await fh.datasync();
  } finally {
    await fh.close();
  }
  await rename(tmp, join(dir, SNAPSHOT));
  await syncDir(dir);
}

/** Load dir/snapshot.bin, or undefined when there is none. A damaged snapshot is an error, never half-used. */
export async function readSnapshot(
  dir: string,
  schema: Schema,
  maintainer?: Maintainer,
): Promise<{ store: GraphStore; seq: number } | undefined> {
  await rm(join(dir, `${SNAPSHOT}.tmp`), { force: true });
  const path = join(dir, SNAPSHOT);
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  if (buf.length < PREFIX || !buf.subarray(0, 8).equals(MAGIC))
    throw new Error(`${path}: not a weft graph snapshot (bad magic)`);
  const want = buf.readUInt32LE(12);
  const got = crc32(buf.subarray(PREFIX));
  if (got !== want)
    throw new Error(
      `${path}: checksum mismatch (crc32 ${got.toString(16)}, header says ${want.toString(16)}); the snapshot is damaged`,
    );
  const hlen = buf.readUInt32LE(8);
  const header = buf.subarray(PREFIX, PREFIX + hlen).toString('utf8');
  return restoreStore(schema, header, buf.subarray(PREFIX + pad8(hlen)), path, maintainer);
}

/** fsync a directory, so a rename or a new file in it survives a power loss. */
export async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
