import { SEGMENT_HEADER, SEGMENT_MAGIC, nextRecord, parseRecord, readSegmentHeader } from './wal-format.node.ts';

/** A whole record found in a segment: its numbers and where it lies. */
interface FoundRecord {
  readonly seq: number;
  readonly synced: number;
  readonly offset: number;
  readonly body: Buffer;
}

/** Bytes of a segment that hold no whole record: [offset, end), and what was found at offset. */
interface Damage {
  readonly offset: number;
  readonly end: number;
  readonly why: string;
}

/** What a segment file holds: every whole record, in file order, and every damaged stretch between them. */
export interface SegmentScan {
  readonly name: string;
  /** The first seq its name gives, and its header's (undefined when format 1 or damaged). */
  readonly first: number;
  readonly headerFirst: number | undefined;
  readonly legacy: boolean;
  readonly size: number;
  readonly records: FoundRecord[];
  readonly damage: Damage[];
}

/**
 * Read a segment's records, going on past damage: a stretch that is no record is noted and the
 * scan resumes at the next whole record (nextRecord), so a damaged byte in the middle never hides
 * the intact records after it. A record whose seq is not above the one before it counts as damage.
 * A file that does not start with the format 2 magic is format 1, or format 2 with a damaged
 * magic: it is read both ways, and the way that finds more records wins (format 2 on a tie).
 */
export function scanSegment(name: string, first: number, buf: Buffer): SegmentScan {
  if (buf.length === 0 || (buf.length >= 8 && buf.subarray(0, 8).equals(SEGMENT_MAGIC)))
    return scanAs(name, first, buf, false);
  const a = scanAs(name, first, buf, true),
    b = scanAs(name, first, buf, false);
  return a.records.length > b.records.length ? a : b;
}

function scanAs(name: string, first: number, buf: Buffer, legacy: boolean): SegmentScan {
  const records: FoundRecord[] = [];
  const damage: Damage[] = [];
  let headerFirst: number | undefined;
  let at = 0;
  if (!legacy) {
    const h = readSegmentHeader(buf);
    if (typeof h === 'number') headerFirst = h;
    else if (buf.length > 0) damage.push({ offset: 0, end: Math.min(SEGMENT_HEADER, buf.length), why: h });
    at = Math.min(SEGMENT_HEADER, buf.length);
  }
  let last = 0;
  while (at < buf.length) {
    const p = parseRecord(buf, at, legacy);
    if (typeof p !== 'string' && p.seq > last) {
      records.push({ seq: p.seq, synced: p.synced, offset: at, body: p.body });
      last = p.seq;
      at = p.end;
      continue;
    }
    const why = typeof p === 'string' ? p : `record of batch ${p.seq} after batch ${last}`;
    const next = nextRecord(buf, at + 1, last, legacy);
    damage.push({ offset: at, end: next < 0 ? buf.length : next, why });
    if (next < 0) break;
    at = next;
  }
  return { name, first, headerFirst, legacy, size: buf.length, records, damage };
}
