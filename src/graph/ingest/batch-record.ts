import { hashString } from '../base/hash.ts';
import { idSize } from '../base/id-bytes.ts';
import type { Schema } from '../base/schema.ts';

/**
 * The batch record: the bytes a batch is logged as and applied from, on ingest and on replay
 * alike. This module and BatchWriter (batch-writer.ts, which writes them for GraphStore.encode
 * and EventEncoder) alone know their layout; BatchReader walks them (BatchApply, and
 * checkEncoded before any record is logged or replayed). All little-endian:
 *
 *   record  u32 schema tag (schemaTag), u32 event count, the events
 *   event   id (id-bytes.ts form), f64 time, u32 op count, the ops
 *   op      u8 KIND, u8 schema index (of its relation, or of its node type), then
 *           add_edge: src id, dst id, then its relation's edge data (schema.ts edgeWords): the
 *             f32 weight when it carries one, then its edgeAttr f32 attributes (none: no bytes)
 *           delete_edge: src id, dst id
 *           upsert_node: node id, then the type's width of f32 features
 *           delete_node: node id
 *
 * About a tenth of the cost of JSON, which was most of the ingest and replay budget (`npm run bench -- graph`
 * on the 2 × AMD EPYC, 2 cores machine, 29 Nov 2026).
 */

/** An op's kind byte. */
export const KIND = { add_edge: 0, delete_edge: 1, upsert_node: 2, delete_node: 3 } as const;
/** The ops by name, in KIND order (for messages that list them). */
export const OP_NAMES = Object.keys(KIND) as (keyof typeof KIND)[];
/** Bytes before the first event: schema tag, event count. */
export const HEADER_BYTES = 8;
/** Bytes of an event between its id and its first op: time, op count. */
export const EVENT_BYTES = 12;
/** Bytes of an op before its first id: kind, schema index. */
export const OP_BYTES = 2;

/**
 * Names a schema; a log record carries it so replay under a different schema fails loudly instead
 * of misreading indices or edge data. Edge data joins the name only where some relation has it,
 * so the records of stores written before it existed keep their tag.
 */
export function schemaTag(schema: Schema): number {
  const named: unknown[] = [[...schema.nodeTypes], [...schema.relations.keys()]];
  const words = [...schema.relations.values()].map((r) => [r.edgeAttr, r.edgeWeight]);
  if (words.some(([a, w]) => a !== 0 || w)) named.push(words);
  return hashString(JSON.stringify(named));
}

/** The schema tag a record was written under. */
export function readTag(bytes: Uint8Array): number {
  return (bytes[0] | (bytes[1] << 8) | (bytes[2] << 16) | (bytes[3] << 24)) >>> 0;
}

/** Throw unless the record bytes were written under the schema with this tag. */
export function checkTag(bytes: Uint8Array, tag: number, where: string): void {
  const got = readTag(bytes);
  if (got !== tag)
    throw new Error(
      `${where}: written under another schema (tag ${got.toString(16)}, this store's is ${tag.toString(16)})`,
    );
}

/** idSize, as a binding of this module: an imported one is read through its module's environment (see check-encoded.ts). */
const sizeAt = idSize;

/**
 * Walks a record, trusting it (offsets are not checked against its end: checkEncoded checks
 * a producer's bytes first, field by field, with this same reader). `event()` reads the event at
 * `at` up to its first op; `op()` reads an op's kind and index, then `edge()` or `node(width)`
 * its ids (and features). Each sets the fields below and moves `at` past what it read.
 */
export class BatchReader {
  bytes: Uint8Array = new Uint8Array(0);
  view: DataView = new DataView(this.bytes.buffer);
  /** Offset of what is read next. */
  at = 0;
  /** Events in the record. */
  count = 0;
  /** The event last read: its id's offset, its time and op count. */
  idAt = 0;
  time = 0;
  ops = 0;
  /** The op last read: KIND byte, schema index; `a` the offset of its src id (an upsert's node id), `b` of its dst id (an upsert's features), `c` of an add_edge's edge data. */
  kind = 0;
  index = 0;
  a = 0;
  b = 0;
  c = 0;

  /** Start reading `bytes` (a whole record) at its first event. */
  start(bytes: Uint8Array): void {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.count = this.view.getUint32(4, true);
    this.at = HEADER_BYTES;
  }

  /** The op count of the event at `at`, without reading it. */
  opsAhead(): number {
    return this.view.getUint32(this.at + sizeAt(this.bytes, this.at) + 8, true);
  }

  event(): void {
    const at = this.at,
      t = at + sizeAt(this.bytes, at);
    this.idAt = at;
    this.time = this.view.getFloat64(t, true);
    this.ops = this.view.getUint32(t + 8, true);
    this.at = t + EVENT_BYTES;
  }

  /** Read an op's kind and index; returns the kind. */
  op(): number {
    const at = this.at;
    this.kind = this.bytes[at];
    this.index = this.bytes[at + 1];
    this.at = at + OP_BYTES;
    return this.kind;
  }

  /** The rest of an add_edge or delete_edge: src id at a, dst id at b. */
  edge(): void {
    this.a = this.at;
    this.b = this.a + sizeAt(this.bytes, this.a);
    this.at = this.b + sizeAt(this.bytes, this.b);
  }

  /** After edge() on an add_edge: its `words` f32 of edge data (schema.ts edgeWords) at c. */
  edgeData(words: number): void {
    this.c = this.at;
    this.at += 4 * words;
  }

  /** The rest of an upsert_node of a type `width` features wide: node id at a, features at b. */
  node(width: number): void {
    this.a = this.at;
    this.b = this.a + sizeAt(this.bytes, this.a);
    this.at = this.b + 4 * width;
  }

  /** The `width` features at offset `at` (an upsert's b) into out[0, width); returns out. */
  features(at: number, width: number, out: Float32Array): Float32Array {
    for (let k = 0; k < width; k++) out[k] = this.view.getFloat32(at + 4 * k, true);
    return out;
  }
}
