import type { GraphEvent, GraphOp } from './events.ts';
import { hashString } from '../base/hash.ts';
import { writeId } from '../base/id-bytes.ts';
import type { Schema } from '../base/schema.ts';

/** An op's kind byte. */
export const KIND = { add_edge: 0, delete_edge: 1, upsert_node: 2 } as const;

/** Names a schema; a log record carries it so replay under a different schema fails loudly instead of misreading indices. */
export function schemaTag(schema: Schema): number {
  return hashString(JSON.stringify([[...schema.nodeTypes], [...schema.relations.keys()]]));
}

/** Throw unless the record bytes were written under the schema with this tag. */
export function checkTag(bytes: Uint8Array, tag: number, where: string): void {
  const got = (bytes[0] | (bytes[1] << 8) | (bytes[2] << 16) | (bytes[3] << 24)) >>> 0;
  if (got !== tag) throw new Error(`${where}: written under another schema (tag ${got.toString(16)}, this store's is ${tag.toString(16)})`);
}

/**
 * Validated events → bytes for the log, which are also what the store applies (BatchApply), on
 * ingest and on replay alike. Layout: u32 schema tag, u32 event count; per event its id (see
 * id-bytes.ts), f64 time, u32 op count; per op a KIND byte, the relation or node type's schema
 * index byte, then src and dst ids, or the node id and the type's width of f32 features (all
 * LE). About a tenth of the cost of JSON, which was most of the ingest and replay budget. Written
 * with the buffer and offset in locals and one room check per op: it runs on every op of
 * every batch on the ingest thread, where per-call property traffic cost 3x the copying.
 */
export class BatchEncoder {
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
    this.ensure(8);
    this.view.setUint32(0, this.tag, true);
    this.view.setUint32(4, events.length, true);
    this.at = 8;
    for (const ev of events) {
      this.ensure(2 + 2 * ev.id.length + 12);
      this.at = writeId(this.buf, this.at, ev.id);
      this.view.setFloat64(this.at, ev.time, true);
      this.view.setUint32(this.at + 8, ev.ops.length, true);
      this.at += 12;
      for (const op of ev.ops) this.op(op);
    }
    return this.buf.subarray(0, this.at);
  }

  private op(op: GraphOp): void {
    if (op.op === 'upsert_node') {
      this.ensure(4 + 2 * op.id.length + 4 * op.x.length);
      this.buf[this.at] = KIND.upsert_node;
      this.buf[this.at + 1] = this.type.get(op.type)!;
      this.at = writeId(this.buf, this.at + 2, op.id);
      for (const v of op.x) {
        this.view.setFloat32(this.at, v, true);
        this.at += 4;
      }
      return;
    }
    this.ensure(6 + 2 * (op.src.length + op.dst.length));
    const buf = this.buf;
    const rel = this.rel.get(op.rel)!;
    if (op.op === 'add_edge') this.adds[rel]++;
    buf[this.at] = op.op === 'add_edge' ? KIND.add_edge : KIND.delete_edge;
    buf[this.at + 1] = rel;
    this.at = writeId(buf, writeId(buf, this.at + 2, op.src), op.dst);
  }

  private ensure(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const b = new Uint8Array(Math.max(this.buf.length * 2, this.at + n));
    b.set(this.buf.subarray(0, this.at));
    this.buf = b;
    this.view = new DataView(b.buffer);
  }
}
