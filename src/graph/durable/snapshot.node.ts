import { open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import type { Maintainer } from '../base/maintainer.ts';
import type { Schema } from '../base/schema.ts';
import type { GraphStore } from '../store.ts';
import { snapshotName } from './files.ts';
import { SchemaMismatch, restoreStore, type Captured } from './snapshot-codec.ts';

/**
 * A snapshot file: magic (8), u32 header length, u32 CRC-32, then the JSON header padded to 8
 * bytes and the sections. In 'WEFTSNP2' the CRC covers every byte but its own four: the magic
 * and header length too, so no flipped byte goes unseen. 'WEFTSNP1' (stores written before)
 * covered only what follows the prefix; it is still read.
 */
const MAGIC = Buffer.from('WEFTSNP2');
const MAGIC_V1 = Buffer.from('WEFTSNP1');
const PREFIX = 16;
/** Bytes read back per turn of the event loop while verifying, so ingest is not held up. */
const VERIFY_CHUNK = 4 * 2 ** 20;

const pad8 = (n: number): number => Math.ceil(n / 8) * 8;

/**
 * Write a captured state as dir/snapshot-<seq>.bin: into a temporary file, fsynced, renamed, the
 * directory fsynced, then read back and its checksum verified. Only then may older files go
 * (DurableStore's retention). Returns the file's name.
 */
export async function writeSnapshot(dir: string, { header, sections }: Captured, seq: number): Promise<string> {
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
  const prefix = Buffer.alloc(PREFIX);
  MAGIC.copy(prefix);
  prefix.writeUInt32LE(hb.length, 8);
  let crc = crc32(prefix.subarray(0, 12));
  // Skip empty parts: node's zlib.crc32(empty, value) returns 0 instead of value.
  for (const p of parts) if (p.length > 0) crc = crc32(p, crc);
  prefix.writeUInt32LE(crc, 12);
  const name = snapshotName(seq);
  const tmp = join(dir, `${name}.tmp`);
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
  await rename(tmp, join(dir, name));
  await syncDir(dir);
  await verifySnapshot(join(dir, name), crc);
  return name;
}

/** Read a written snapshot back, a chunk per turn, and compare its checksum with the one written. */
async function verifySnapshot(path: string, want: number): Promise<void> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(VERIFY_CHUNK);
    let crc = 0,
      pos = 0;
    for (;;) {
      const n = (await fh.read(buf, 0, VERIFY_CHUNK, pos)).bytesRead;
      if (n === 0) break;
      const chunk = buf.subarray(0, n);
      if (pos === 0) {
        crc = crc32(chunk.subarray(0, 12));
        if (n > PREFIX) crc = crc32(chunk.subarray(PREFIX), crc);
      } else crc = crc32(chunk, crc);
      pos += n;
    }
    if (crc !== want)
      throw new Error(`${path}: read back with checksum ${crc.toString(16)}, written as ${want.toString(16)}`);
  } finally {
    await fh.close();
  }
}

/** Load a snapshot file. Any fault (damage, an unknown format, another schema) is an Error naming the file. */
export async function readSnapshot(
  path: string,
  schema: Schema,
  maintainer?: Maintainer,
): Promise<{ store: GraphStore; seq: number }> {
  const buf = await readFile(path);
  const v1 = buf.length >= PREFIX && buf.subarray(0, 8).equals(MAGIC_V1);
  if (buf.length < PREFIX || !(v1 || buf.subarray(0, 8).equals(MAGIC)))
    throw new Error(`${path}: not a weft graph snapshot (bad magic)`);
  const want = buf.readUInt32LE(12);
  const got = v1 ? crc32(buf.subarray(PREFIX)) : crc32(buf.subarray(PREFIX), crc32(buf.subarray(0, 12)));
  if (got !== want)
    throw new Error(
      `${path}: checksum mismatch (crc32 ${got.toString(16)}, the file says ${want.toString(16)}); the snapshot is damaged`,
    );
  const hlen = buf.readUInt32LE(8);
  if (PREFIX + pad8(hlen) > buf.length)
    throw new Error(`${path}: header length ${hlen} runs past the end of the file (${buf.length} bytes)`);
  const header = buf.subarray(PREFIX, PREFIX + hlen).toString('utf8');
  try {
    return restoreStore(schema, header, buf.subarray(PREFIX + pad8(hlen)), path, maintainer);
  } catch (e) {
    if (e instanceof SchemaMismatch) throw e;
    const m = (e as Error).message;
    throw new Error(m.startsWith(path) ? m : `${path}: unreadable (${m})`);
  }
}

/** fsync a directory, so a new file, a rename or a removal in it survives a power loss. */
export async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
