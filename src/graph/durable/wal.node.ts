import { closeSync, openSync, readSync, fstatSync, ftruncateSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { crc32 } from 'node:zlib';

/** Record header: payload length (u32 LE), CRC-32 of the payload (u32 LE). */
const HEADER = 8;
/** A length past this is garbage, not a record: batches are a few MB. */
const MAX_RECORD = 1 << 30;

export interface WalRecord {
  readonly seq: number;
  readonly payload: Buffer;
}

/** Record payload: batch sequence number (f64 LE), then the batch's bytes. */
export function encodeRecord(seq: number, body: Uint8Array): Buffer {
  const rec = Buffer.allocUnsafe(HEADER + 8 + body.length);
  rec.writeDoubleLE(seq, HEADER);
  rec.set(body, HEADER + 8);
  const payload = rec.subarray(HEADER);
  rec.writeUInt32LE(payload.length, 0);
  rec.writeUInt32LE(crc32(payload), 4);
  return rec;
}

/** The batch bytes of a record from encodeRecord (a view, not a copy). */
export function recordBody(rec: Buffer): Buffer {
  return rec.subarray(HEADER + 8);
}

/**
 * Read every intact record of a log. The first record that is cut short (a torn write) or
 * fails its checksum ends the log: it and everything after it are cut off the file, with a
 * warning, so they are never replayed and the next append starts on a clean boundary.
 */
export function readLog(path: string, warn: (msg: string) => void): WalRecord[] {
  const fd = openSync(path, 'r+');
  try {
    const size = fstatSync(fd).size;
    const buf = Buffer.allocUnsafe(size);
    let got = 0;
    while (got < size) got += readSync(fd, buf, got, size - got, got);
    const out: WalRecord[] = [];
    let at = 0;
    while (at < size) {
      const why = check(buf, at, size);
      if (why) {
        warn(`${path}: ${why} at byte ${at}; dropping the last ${size - at} bytes (an unacknowledged or damaged tail)`);
        ftruncateSync(fd, at);
        break;
      }
      const len = buf.readUInt32LE(at);
      out.push({ seq: buf.readDoubleLE(at + HEADER), payload: buf.subarray(at + HEADER + 8, at + HEADER + len) });
      at += HEADER + len;
    }
    return out;
  } finally {
    closeSync(fd);
  }
}

function check(buf: Buffer, at: number, size: number): string | undefined {
  if (size - at < HEADER) return `torn record header (${size - at} of ${HEADER} bytes)`;
  const len = buf.readUInt32LE(at);
  if (len < 8 || len > MAX_RECORD) return `record length ${len} is not in [8, ${MAX_RECORD}]`;
  if (size - at - HEADER < len) return `torn record (${size - at - HEADER} of ${len} payload bytes)`;
  const want = buf.readUInt32LE(at + 4);
  const got = crc32(buf.subarray(at + HEADER, at + HEADER + len));
  if (got !== want) return `checksum mismatch (crc32 ${got.toString(16)}, record says ${want.toString(16)})`;
  return undefined;
}

export type FsyncPolicy = 'batch' | 'interval' | 'none';

/** An open log segment, appended to; `sync` says whether this append must reach the disk before returning. */
export class WalWriter {
  private constructor(
    private readonly fh: FileHandle,
    public bytes: number,
  ) {}

  static async open(path: string): Promise<WalWriter> {
    const fh = await open(path, 'a');
    return new WalWriter(fh, (await fh.stat()).size);
  }

  async append(rec: Buffer, sync: boolean): Promise<void> {
    let done = 0;
    while (done < rec.length) done += (await this.fh.write(rec, done, rec.length - done)).bytesWritten;
    this.bytes += rec.length;
    if (sync) await this.fh.datasync();
  }

  async sync(): Promise<void> {
    await this.fh.datasync();
  }

  async close(): Promise<void> {
    await this.fh.close();
  }
}
