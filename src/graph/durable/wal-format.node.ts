import { crc32 } from 'node:zlib';

/**
 * The log's bytes (format 2). A segment file starts with a header, then holds records back to
 * back; all little-endian.
 *
 *   segment header  'WEFTWAL2', f64 first batch seq, u32 0, u32 CRC-32 of the 20 bytes before it
 *   record          u32 body length, u32 CRC-32 (of the length and of every byte after the CRC),
 *                   f64 seq, f64 synced, the body (a batch record, batch-record.ts)
 *
 * `seq` numbers batches 1, 2, 3… with no gap, across segments. `synced` is the highest seq that
 * was on disk (fsynced) when the record was made: a record is a witness that every batch up to
 * its `synced` was acknowledged, which is what tells damage from a torn tail (wal-plan.ts).
 * Format 1 (stores written before it) had no segment header and 16-byte record headers: u32
 * length of seq + body, u32 CRC-32 of them, f64 seq; it is still read.
 */
export const SEGMENT_MAGIC = Buffer.from('WEFTWAL2');
export const SEGMENT_HEADER = 24;
const RECORD_HEADER = 24;
const LEGACY_HEADER = 16;
/** A length past this is damage, not a record. */
const MAX_RECORD = 2 ** 30;

/** The 24 bytes of a segment header or a checkpoint: magic (8), f64 seq, u32 0, u32 CRC-32 of the 20 before it. */
export function stampedSeq(magic: Buffer, seq: number): Buffer {
  const h = Buffer.alloc(24);
  magic.copy(h);
  h.writeDoubleLE(seq, 8);
  h.writeUInt32LE(crc32(h.subarray(0, 20)), 20);
  return h;
}

export function segmentHeader(firstSeq: number): Buffer {
  return stampedSeq(SEGMENT_MAGIC, firstSeq);
}

/** What is wrong with a stampedSeq at the start of `buf` (24 bytes or more), and at which byte; undefined when it reads. */
export function stampDamage(magic: Buffer, buf: Buffer): { offset: number; why: string } | undefined {
  if (!buf.subarray(0, 8).equals(magic)) return { offset: 0, why: 'bad magic' };
  if (crc32(buf.subarray(0, 20)) !== buf.readUInt32LE(20)) return { offset: 20, why: 'checksum mismatch' };
  return undefined;
}

/** The first seq a segment header names, or why it cannot be read. */
export function readSegmentHeader(buf: Buffer): number | string {
  if (buf.length < SEGMENT_HEADER) return `segment header cut short (${buf.length} of ${SEGMENT_HEADER} bytes)`;
  const bad = stampDamage(SEGMENT_MAGIC, buf);
  return bad ? `segment header damaged (${bad.why})` : buf.readDoubleLE(8);
}

/** A record of `body.length` body bytes holding a copy of body, its header not yet written (see seal). */
export function frame(body: Uint8Array): Buffer {
  const rec = Buffer.allocUnsafe(RECORD_HEADER + body.length);
  rec.set(body, RECORD_HEADER);
  return rec;
}

/** The body of a record from frame (a view, not a copy). */
export function recordBody(rec: Buffer): Buffer {
  return rec.subarray(RECORD_HEADER);
}

/** Write a framed record's header: its length, seq, synced and checksum. */
export function seal(rec: Buffer, seq: number, synced: number): void {
  rec.writeUInt32LE(rec.length - RECORD_HEADER, 0);
  rec.writeDoubleLE(seq, 8);
  rec.writeDoubleLE(synced, 16);
  rec.writeUInt32LE(crc32(rec.subarray(8), crc32(rec.subarray(0, 4))), 4);
}

export interface Parsed {
  readonly seq: number;
  /** 0 in format 1, which did not say. */
  readonly synced: number;
  readonly body: Buffer;
  /** Offset just past the record. */
  readonly end: number;
}

/** The record at buf[at] when it is whole and its checksum matches, else why not. */
export function parseRecord(buf: Buffer, at: number, legacy: boolean): Parsed | string {
  const size = buf.length,
    head = legacy ? LEGACY_HEADER : RECORD_HEADER;
  if (size - at < head) return `record header cut short (${size - at} of ${head} bytes)`;
  const len = buf.readUInt32LE(at);
  const body = legacy ? len - 8 : len;
  if (body < 0 || len > MAX_RECORD) return `record length ${len} is not in [${legacy ? 8 : 0}, ${MAX_RECORD}]`;
  const end = at + head + body;
  if (end > size) return `record cut short (${size - at - head} of ${body} body bytes)`;
  const want = buf.readUInt32LE(at + 4);
  const got = legacy
    ? crc32(buf.subarray(at + 8, end))
    : crc32(buf.subarray(at + 8, end), crc32(buf.subarray(at, at + 4)));
  if (got !== want) return `checksum mismatch (crc32 ${got.toString(16)}, record says ${want.toString(16)})`;
  const seq = buf.readDoubleLE(at + 8),
    synced = legacy ? 0 : buf.readDoubleLE(at + 16);
  if (!Number.isSafeInteger(seq) || seq < 1 || !Number.isSafeInteger(synced) || synced < 0 || synced >= seq)
    return `record numbers out of range (seq ${seq}, synced ${synced})`;
  return { seq, synced, body: buf.subarray(at + head, end), end };
}

/**
 * The offset of the next whole record after `from` whose seq is above `after`, or -1. Tried at
 * every byte (damage need not end on a record boundary), cheap tests first: it runs only past
 * damage.
 */
export function nextRecord(buf: Buffer, from: number, after: number, legacy: boolean): number {
  const head = legacy ? LEGACY_HEADER : RECORD_HEADER;
  for (let o = from; o + head <= buf.length; o++) {
    const len = buf.readUInt32LE(o);
    if (len > buf.length - o - head + (legacy ? 8 : 0)) continue;
    const seq = buf.readDoubleLE(o + 8);
    if (!(seq > after) || !Number.isSafeInteger(seq)) continue;
    const p = parseRecord(buf, o, legacy);
    if (typeof p !== 'string') return o;
  }
  return -1;
}
