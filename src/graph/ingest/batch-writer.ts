import { writeId } from '../base/id-bytes.ts';
import { cut } from '../base/quote.ts';
import type { Schema } from '../base/schema.ts';
import { EVENT_BYTES, HEADER_BYTES, KIND, OP_BYTES, schemaTag } from './batch-record.ts';
import type { Bounds } from './limits.ts';
import * as v from './validate.ts';

// Imported bindings used per op, copied once to module constants (see check-encoded.ts):
// encoding 300 of the bench's batches took 200 ms with the copies, 215 without.
const write = writeId,
  UPSERT = KIND.upsert_node,
  DROP = KIND.delete_node,
  ADD = KIND.add_edge,
  DELETE = KIND.delete_edge,
  OP = OP_BYTES,
  EVENT = EVENT_BYTES;
const eventId: typeof v.checkEventId = v.checkEventId;
const eventTime: typeof v.checkTime = v.checkTime;
const nodeId: typeof v.checkNodeId = v.checkNodeId;

/**
 * A caller's events → a batch record (batch-record.ts), checked as they are written: each field
 * of the caller's objects is read exactly once, checked (validate.ts) and written, so a getter,
 * a proxy or an array whose iterator disagrees with its indices cannot make what is written
 * differ from what was checked. The caller then checks the bytes themselves (checkEncoded), the
 * same check replay makes, so a record that is logged always applies. Written with the buffer
 * and offset in locals and one room check per op: it runs on every op of every batch on the
 * ingest thread, where per-call property traffic cost 3x the copying (`npm run bench -- graph`,
 * 2 × AMD EPYC, 2 cores, 29 Nov 2026). The bytes are valid until the next encode.
 */
export class BatchWriter {
  private buf = new Uint8Array(1 << 16);
  private view = new DataView(this.buf.buffer);
  private at = 0;
  private readonly rel: Map<string, number>;
  private readonly type: Map<string, number>;
  private readonly widths: number[];
  /** Per relation (schema order): its edges' attribute width, and whether they carry a weight. */
  private readonly attrs: number[];
  private readonly weights: boolean[];
  private readonly tag: number;
  /** The batch being written's bounds, its ops so far, and the event being written (for errors). */
  private b!: Bounds;
  private ops = 0;
  private i = 0;
  private id = '';
  /**
   * Where the op being written is, for its errors: made once, it reads the fields below. Not a
   * closure per op: under tsx each arrow function made goes through esbuild's __name (an
   * Object.defineProperty), which was 1.1 s of 1.5 encoding 300 of `npm run bench -- graph`'s
   * batches (2 × Intel Xeon, 2 cores, 3 Dec 2026).
   */
  private readonly where = (): string =>
    `${v.at(this.i, this.id, this.k)} (${this.opType === undefined ? `relation '${this.opName}'` : `node '${this.opType}' '${cut(this.opName)}'`})`;
  private k = 0;
  /** The op's node type (undefined: an edge op), and its node id or relation. */
  private opType: string | undefined;
  private opName = '';

  constructor(private readonly schema: Schema) {
    this.rel = new Map([...schema.relations.keys()].map((k, i) => [k, i]));
    this.type = new Map([...schema.nodeTypes.keys()].map((k, i) => [k, i]));
    this.widths = [...schema.nodeTypes.values()];
    this.attrs = [...schema.relations.values()].map((r) => r.edgeAttr);
    this.weights = [...schema.relations.values()].map((r) => r.edgeWeight);
    this.tag = schemaTag(schema);
  }

  /** Check and write `batch`; throws (naming event, field, value, expectation) at its first fault or past a bound. */
  encode(batch: unknown, bounds: Bounds): Uint8Array {
    if (!Array.isArray(batch)) throw v.badBatch(batch);
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
      if (ev === null || typeof ev !== 'object' || Array.isArray(ev)) throw v.badEvent(ev, i);
      const e = ev as Record<string, unknown>;
      const id = e.id;
      eventId(id, i, bounds);
      this.i = i;
      this.id = id;
      const time = e.time;
      eventTime(time, i, id, bounds);
      const ops = e.ops;
      if (!Array.isArray(ops)) throw v.badOps(ops, i, id);
      const nops: number = ops.length;
      this.ops += nops;
      if (this.ops > bounds.maxOps) throw v.tooManyOps(this.ops, i, id, bounds);
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
    if (op === null || typeof op !== 'object') throw v.badOp(op, i, id, k);
    const o = op as Record<string, unknown>;
    const kind = o.op;
    if (kind === 'delete_node') {
      const type = o.type,
        node = o.id;
      const t = typeof type === 'string' ? this.type.get(type) : undefined;
      if (t === undefined) throw v.badType(this.schema, type, i, id, k);
      nodeId(node, 'id', i, id, k, b);
      this.ensure(OP + 2 + 2 * node.length);
      this.buf[this.at] = DROP;
      this.buf[this.at + 1] = t;
      this.at = write(this.buf, this.at + OP, node);
      return;
    }
    if (kind === 'upsert_node') {
      const type = o.type,
        node = o.id,
        x = o.x;
      const t = typeof type === 'string' ? this.type.get(type) : undefined;
      if (t === undefined) throw v.badType(this.schema, type, i, id, k);
      nodeId(node, 'id', i, id, k, b);
      const width = this.widths[t],
        where = this.where;
      this.k = k;
      this.opType = type as string;
      this.opName = node;
      v.checkFeatures(x, width, where);
      this.ensure(OP + 2 + 2 * node.length + 4 * width);
      this.buf[this.at] = UPSERT;
      this.buf[this.at + 1] = t;
      this.at = write(this.buf, this.at + OP, node);
      this.floats(x as ArrayLike<unknown>, width, v.badFeature, where);
      return;
    }
    if (kind !== 'add_edge' && kind !== 'delete_edge') throw v.badKind(kind, i, id, k);
    const rel = o.rel,
      src = o.src,
      dst = o.dst,
      attr = o.attr,
      w = o.w;
    const r = typeof rel === 'string' ? this.rel.get(rel) : undefined;
    if (r === undefined) throw v.badRel(this.schema, rel, i, id, k);
    nodeId(src, 'src', i, id, k, b);
    nodeId(dst, 'dst', i, id, k, b);
    const add = kind === 'add_edge',
      width = add ? this.attrs[r] : 0,
      weight = add && this.weights[r];
    if ((attr !== undefined && width === 0) || (w !== undefined && !weight))
      throw v.extraEdgeData(add, rel as string, attr, w, width, () => v.at(i, id, k));
    const where = this.where;
    this.k = k;
    this.opType = undefined;
    this.opName = rel as string;
    if (width > 0) v.checkAttr(attr, width, where);
    this.ensure(OP + 4 + 2 * (src.length + dst.length) + 4 * (width + (weight ? 1 : 0)));
    const buf = this.buf;
    buf[this.at] = add ? ADD : DELETE;
    buf[this.at + 1] = r;
    this.at = write(buf, write(buf, this.at + OP, src), dst);
    if (weight) {
      if (typeof w !== 'number' || !Number.isFinite(Math.fround(w))) throw v.badWeight(w, where);
      this.view.setFloat32(this.at, w, true);
      this.at += 4;
    }
    if (width > 0) this.floats(attr as ArrayLike<unknown>, width, v.badAttr, where);
  }

  /** Check and write n values (features, edge attributes), each read once: `bad` names the one that is not a finite f32. */
  private floats(
    xs: ArrayLike<unknown>,
    n: number,
    bad: (v: unknown, f: number, where: () => string) => Error,
    where: () => string,
  ): void {
    for (let f = 0; f < n; f++) {
      const v = xs[f];
      if (typeof v !== 'number' || !Number.isFinite(Math.fround(v))) throw bad(v, f, where);
      this.view.setFloat32(this.at, v, true);
      this.at += 4;
    }
  }

  /** Room for n more bytes, refusing the batch once it would pass maxBatchBytes (before the memory is taken). */
  private ensure(n: number): void {
    if (this.at + n <= this.buf.length) return;
    if (this.at + n > this.b.maxBatchBytes) throw v.tooBig(this.i, this.id, this.b);
    const b = new Uint8Array(Math.min(Math.max(this.buf.length * 2, this.at + n), this.b.maxBatchBytes));
    b.set(this.buf.subarray(0, this.at));
    this.buf = b;
    this.view = new DataView(b.buffer);
  }
}
