import { writeId } from '../base/id-bytes.ts';
import { cut } from '../base/quote.ts';
import type { Schema } from '../base/schema.ts';
import { EVENT_BYTES, HEADER_BYTES, KIND, OP_BYTES, schemaTag } from './batch-record.ts';
import type { Bounds } from './limits.ts';
import {
  at as atOp,
  badBatch,
  badEvent,
  badFeature,
  badKind,
  badOp,
  badOps,
  badRel,
  badType,
  checkEventId,
  checkFeatures,
  checkNodeId,
  checkTime,
  tooBig,
  tooManyOps,
} from './validate.ts';

// Imported bindings used per op, copied once: each read of an imported binding is a getter call
// under tsx (see check-encoded.ts).
const write = writeId,
  UPSERT = KIND.upsert_node,
  ADD = KIND.add_edge,
  DELETE = KIND.delete_edge,
  OP = OP_BYTES,
  EVENT = EVENT_BYTES;
const eventId: typeof checkEventId = checkEventId;
const eventTime: typeof checkTime = checkTime;
const nodeId: typeof checkNodeId = checkNodeId;

/**
 * A caller's events → a batch record (batch-record.ts), checked as they are written: each field
 * of the caller's objects is read exactly once, checked (validate.ts) and written, so a getter,
 * a proxy or an array whose iterator disagrees with its indices cannot make what is written
 * differ from what was checked. The caller then checks the bytes themselves (checkEncoded), the
 * same check replay makes, so a record that is logged always applies. Written with the buffer
 * and offset in locals and one room check per op: it runs on every op of every batch on the
 * ingest thread, where per-call property traffic cost 3x the copying (`npm run bench -- graph`,
 * 2 × AMD EPYC, 2 cores, 29 Nov 2026). The bytes are valid until the next encode (the buffer is
 * reused).
 */
export class BatchWriter {
  private buf = new Uint8Array(1 << 16);
  private view = new DataView(this.buf.buffer);
  private at = 0;
  private readonly rel: Map<string, number>;
  private readonly type: Map<string, number>;
  private readonly widths: number[];
  private readonly tag: number;
  /** The batch being written's bounds, its ops so far, and the event being written (for errors). */
  private b!: Bounds;
  private ops = 0;
  private i = 0;
  private id = '';

  constructor(private readonly schema: Schema) {
    this.rel = new Map([...schema.relations.keys()].map((k, i) => [k, i]));
    this.type = new Map([...schema.nodeTypes.keys()].map((k, i) => [k, i]));
    this.widths = [...schema.nodeTypes.values()];
    this.tag = schemaTag(schema);
  }

  /** Check and write `batch`; throws (naming event, field, value, expectation) at its first fault or past a bound. */
  encode(batch: unknown, bounds: Bounds): Uint8Array {
    if (!Array.isArray(batch)) throw badBatch(batch);
    this.b = bounds;
    this.at = 0;
    this.ops = 0;
    this.id = '';
    this.ensure(HEADER_BYTES);
    const n: number = batch.length;
    this.view.setUint32(0, this.tag, true);
    this.view.setUint32(4, n, true);
    this.at = HEADER_BYTES;
    for (let i = 0; i < n; i++) {
      const ev: unknown = batch[i];
      if (ev === null || typeof ev !== 'object' || Array.isArray(ev)) throw badEvent(ev, i);
      const e = ev as Record<string, unknown>;
      const id = e.id;
      eventId(id, i, bounds);
      this.i = i;
      this.id = id;
      const time = e.time;
      eventTime(time, i, id, bounds);
      const ops = e.ops;
      if (!Array.isArray(ops)) throw badOps(ops, i, id);
      const nops: number = ops.length;
      this.ops += nops;
      if (this.ops > bounds.maxOps) throw tooManyOps(this.ops, i, id, bounds);
      this.ensure(2 + 2 * id.length + EVENT);
      this.at = write(this.buf, this.at, id);
      this.view.setFloat64(this.at, time, true);
      this.view.setUint32(this.at + 8, nops, true);
      this.at += EVENT;
      for (let k = 0; k < nops; k++) this.op(ops[k], k);
    }
    return this.buf.subarray(0, this.at);
  }

  private op(op: unknown, k: number): void {
    const { i, id, b } = this;
    if (op === null || typeof op !== 'object') throw badOp(op, i, id, k);
    const o = op as Record<string, unknown>;
    const kind = o.op;
    if (kind === 'upsert_node') {
      const type = o.type,
        node = o.id,
        x = o.x;
      const t = typeof type === 'string' ? this.type.get(type) : undefined;
      if (t === undefined) throw badType(this.schema, type, i, id, k);
      nodeId(node, 'id', i, id, k, b);
      const width = this.widths[t];
      const where = () => `${atOp(i, id, k)} (node '${type}' '${cut(node)}')`;
      checkFeatures(x, width, where);
      this.ensure(OP + 2 + 2 * node.length + 4 * width);
      this.buf[this.at] = UPSERT;
      this.buf[this.at + 1] = t;
      this.at = write(this.buf, this.at + OP, node);
      const xs = x as ArrayLike<unknown>;
      for (let f = 0; f < width; f++) {
        const v = xs[f];
        if (typeof v !== 'number' || !Number.isFinite(Math.fround(v))) throw badFeature(v, f, where);
        this.view.setFloat32(this.at, v, true);
        this.at += 4;
      }
      return;
    }
    if (kind !== 'add_edge' && kind !== 'delete_edge') throw badKind(kind, i, id, k);
    const rel = o.rel,
      src = o.src,
      dst = o.dst;
    const r = typeof rel === 'string' ? this.rel.get(rel) : undefined;
    if (r === undefined) throw badRel(this.schema, rel, i, id, k);
    nodeId(src, 'src', i, id, k, b);
    nodeId(dst, 'dst', i, id, k, b);
    this.ensure(OP + 4 + 2 * (src.length + dst.length));
    const buf = this.buf;
    buf[this.at] = kind === 'add_edge' ? ADD : DELETE;
    buf[this.at + 1] = r;
    this.at = write(buf, write(buf, this.at + OP, src), dst);
  }

  /** Room for n more bytes, refusing the batch once it would pass maxBatchBytes (before the memory is taken). */
  private ensure(n: number): void {
    if (this.at + n <= this.buf.length) return;
    if (this.at + n > this.b.maxBatchBytes) throw tooBig(this.i, this.id, this.b);
    const b = new Uint8Array(Math.min(Math.max(this.buf.length * 2, this.at + n), this.b.maxBatchBytes));
    b.set(this.buf.subarray(0, this.at));
    this.buf = b;
    this.view = new DataView(b.buffer);
  }
}
