import { hashString } from '../base/hash.ts';
import { idSize, writeId } from '../base/id-bytes.ts';
import type { Schema } from '../base/schema.ts';
import type { GraphEvent, GraphOp } from './events.ts';

/**
 * The batch record: the bytes a batch is logged as and applied from, on ingest and on replay
 * alike. This module alone knows their layout: BatchWriter writes them (GraphStore.encode,
 * EventEncoder), BatchReader walks them (BatchApply, and checkEncoded before it trusts a
 * producer's bytes). All little-endian:
 *
 *   record  u32 schema tag (schemaTag), u32 event count, the events
 *   event   id (id-bytes.ts form), f64 time, u32 op count, the ops
 *   op      u8 KIND, u8 schema index (of its relation, or of its node type), then
 *           add_edge, delete_edge: src id, dst id
 *           upsert_node: node id, then the type's width of f32 features
 *
 * About a tenth of the cost of JSON, which was most of the ingest and replay budget (`npm run bench -- graph`
 * on the 2 × AMD EPYC, 2 cores machine, 29 Nov 2026).
 */

/** An op's kind byte. */
export const KIND = { add_edge: 0, delete_edge: 1, upsert_node: 2 } as const;
/** The ops by name, in KIND order (for messages that list them). */
export const OP_NAMES = Object.keys(KIND) as (keyof typeof KIND)[];
/** Bytes before the first event: schema tag, event count. */
export const HEADER_BYTES = 8;
/** Bytes of an event between its id and its first op: time, op count. */
export const EVENT_BYTES = 12;
/** Bytes of an op before its first id: kind, schema index. */
export const OP_BYTES = 2;

/** Names a schema; a log record carries it so replay under a different schema fails loudly instead of misreading indices. */
export function schemaTag(schema: Schema): number {
  return hashString(JSON.stringify([[...schema.nodeTypes], [...schema.relations.keys()]]));
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
  /** The op last read: KIND byte, schema index; `a` the offset of its src id (an upsert's node id), `b` of its dst id (an upsert's features). */
  kind = 0;
  index = 0;
  a = 0;
  b = 0;

  /** Start reading `bytes` (a whole record) at its first event. */
  start(bytes: Uint8Array): void {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.count = this.view.getUint32(4, true);
    this.at = HEADER_BYTES;
  }

  /** The op count of the event at `at`, without reading it. */
  opsAhead(): number {
    return this.view.getUint32(this.at + idSize(this.bytes, this.at) + 8, true);
  }

  event(): void {
    const at = this.at,
      t = at + idSize(this.bytes, at);
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
    this.b = this.a + idSize(this.bytes, this.a);
    this.at = this.b + idSize(this.bytes, this.b);
  }

  /** The rest of an upsert_node of a type `width` features wide: node id at a, features at b. */
  node(width: number): void {
    this.a = this.at;
    this.b = this.a + idSize(this.bytes, this.a);
    this.at = this.b + 4 * width;
  }

  /** The `width` features at offset `at` (an upsert's b) into out[0, width); returns out. */
  features(at: number, width: number, out: Float32Array): Float32Array {
    for (let k = 0; k < width; k++) out[k] = this.view.getFloat32(at + 4 * k, true);
    return out;
  }
}

/**
 * Validated events → a record. Written with the buffer and offset in locals and one room check
 * per op: it runs on every op of every batch on the ingest thread, where per-call property
 * traffic cost 3x the copying (same bench and machine). The bytes are valid until the next encode (the buffer is reused).
 */
export class BatchWriter {
  private buf = new Uint8Array(1 << 16);
  private view = new DataView(this.buf.buffer);
  private at = 0;
  private readonly rel: Map<string, number>;
  private readonly type: Map<string, number>;
  private readonly tag: number;
  /** Per relation (schema order): the add_edge ops of the last batch encoded, for GraphStore.encode's room check. */
  readonly adds: Uint32Array;

  constructor(schema: Schema) {
    this.rel = new Map([...schema.relations.keys()].map((k, i) => [k, i]));
    this.type = new Map([...schema.nodeTypes.keys()].map((k, i) => [k, i]));
    this.tag = schemaTag(schema);
    this.adds = new Uint32Array(schema.relations.size);
  }

  encode(events: readonly GraphEvent[]): Uint8Array {
    this.at = 0;
    this.adds.fill(0);
    this.ensure(HEADER_BYTES);
    this.view.setUint32(0, this.tag, true);
    this.view.setUint32(4, events.length, true);
    this.at = HEADER_BYTES;
    for (const ev of events) {
      this.ensure(2 + 2 * ev.id.length + EVENT_BYTES);
      this.at = writeId(this.buf, this.at, ev.id);
      this.view.setFloat64(this.at, ev.time, true);
      this.view.setUint32(this.at + 8, ev.ops.length, true);
      this.at += EVENT_BYTES;
      for (const op of ev.ops) this.op(op);
    }
    return this.buf.subarray(0, this.at);
  }

  private op(op: GraphOp): void {
    if (op.op === 'upsert_node') {
      this.ensure(OP_BYTES + 2 + 2 * op.id.length + 4 * op.x.length);
      this.buf[this.at] = KIND.upsert_node;
      this.buf[this.at + 1] = this.type.get(op.type)!;
      this.at = writeId(this.buf, this.at + OP_BYTES, op.id);
      for (const v of op.x) {
        this.view.setFloat32(this.at, v, true);
        this.at += 4;
      }
      return;
    }
    this.ensure(OP_BYTES + 4 + 2 * (op.src.length + op.dst.length));
    const buf = this.buf;
    const rel = this.rel.get(op.rel)!;
    if (op.op === 'add_edge') this.adds[rel]++;
    buf[this.at] = op.op === 'add_edge' ? KIND.add_edge : KIND.delete_edge;
    buf[this.at + 1] = rel;
    this.at = writeId(buf, writeId(buf, this.at + OP_BYTES, op.src), op.dst);
  }

  private ensure(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const b = new Uint8Array(Math.max(this.buf.length * 2, this.at + n));
    b.set(this.buf.subarray(0, this.at));
    this.buf = b;
    this.view = new DataView(b.buffer);
  }
}
