import { open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { crc32 } from 'node:zlib';
import type { Maintainer } from '../base/maintainer.ts';
import type { Schema } from '../base/schema.ts';
import type { GraphStore } from '../store.ts';
import { snapshotName } from './files.ts';
import { SchemaMismatch, restoreStore, type Captured, type Section } from './snapshot-codec.ts';

/**
 * A snapshot file: magic (8), u32 header length, u32 CRC-32, then the JSON header padded to 8
 * bytes and the sections. In 'WEFTSNP2' the CRC covers every byte but its own four: the magic
 * and header length too, so no flipped byte goes unseen. 'WEFTSNP1' (stores written before)
 * covered only what follows the prefix; it is still read.
 */
const MAGIC = Buffer.from('WEFTSNP2');
const MAGIC_V1 = Buffer.from('WEFTSNP1');
const PREFIX = 16;

const pad8 = (n: number): number => Math.ceil(n / 8) * 8;
/** Bytes checksummed between two turns of the event loop. */
const CRC_SLICE = 4 << 20;

/** Bytes copied between two turns of the event loop while detaching a capture. */
const SLICE_BYTES = 1 << 20;

/**
 * The capture with a copy of every part that was a view of the live store, made a slice at a
 * time with a turn of the event loop between slices, so the requests the store serves meanwhile
 * are not held up: at 1M accounts these copies are ~400 MB, which took 0.6-1.2 s as one
 * synchronous piece (2 × Intel Xeon, 2 vCPUs, 3 Dec 2026). The store must not change until it
 * resolves (DurableStore holds ingest behind its log's barrier).
 */
export async function detach(c: Captured): Promise<Captured> {
  const sections: Section[][] = [];
  for (const [k, parts] of c.sections.entries()) {
    if (c.own?.[k] ?? true) {
      sections.push([...parts]);
      continue;
    }
    const copies: Section[] = [];
    for (const part of parts) {
      const copy = new (part.constructor as new (n: number) => Section)(part.length);
      const step = SLICE_BYTES / part.BYTES_PER_ELEMENT;
      for (let i = 0; i < part.length; i += step) {
        copy.set(part.subarray(i, i + step) as never, i);
        await nextTurn();
      }
      copies.push(copy);
    }
    sections.push(copies);
  }
  return { header: c.header, sections, settle: c.settle };
}

/**
 * Write a captured state as dir/snapshot-<seq>.bin: into a temporary file, fsynced, renamed, the
 * directory fsynced, then its size and prefix read back and compared. Only then may older files go
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
  // A slice at a time, with a turn of the event loop between: 650 MB at 1M accounts took 0.28 s
  // in one piece, a stall for every request the server had in hand. Empty parts are skipped:
  // node's zlib.crc32(empty, value) returns 0 instead of value.
  for (const p of parts)
    for (let at = 0; at < p.length; at += CRC_SLICE) {
      crc = crc32(p.subarray(at, at + CRC_SLICE), crc);
      await nextTurn();
    }
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
  await verifySnapshot(join(dir, name), prefix, PREFIX + parts.reduce((n, p) => n + p.length, 0));
  return name;
}

/**
 * Check a written snapshot where it lies: its size and its prefix (magic, header length, checksum)
 * read back from the file as renamed. Not a second checksum pass: that re-reads the whole file
 * (hundreds of MB at 10M edges) through zlib on the ingest thread, and reads the page cache, not
 * the disk, so it would prove little more; a damaged file is caught when it is loaded, and the
 * snapshot before it is kept for that.
 */
async function verifySnapshot(path: string, prefix: Buffer, size: number): Promise<void> {
  const fh = await open(path, 'r');
  try {
    const got = Buffer.alloc(PREFIX);
    await fh.read(got, 0, PREFIX, 0);
    const { size: actual } = await fh.stat();
    if (actual !== size || !got.equals(prefix))
      throw new Error(
        `${path}: read back as ${actual} bytes starting ${got.toString('hex')}, written as ${size} starting ${prefix.toString('hex')}`,
      );
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
