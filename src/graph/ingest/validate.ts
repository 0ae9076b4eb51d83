import { MAX_ID_LENGTH } from '../base/id-bytes.ts';
import type { Schema } from '../base/schema.ts';
import { OP_NAMES } from './batch-record.ts';
import { MAX_TIME, type GraphEvent } from './events.ts';

function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  if (Array.isArray(v)) return `an array of ${v.length}`;
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/** Where an error happened: `event 'e7' (batch[3])`, then ` ops[k]` for an op. Built only on error. */
function at(i: number, id: string, k = -1): string {
  return `event '${id}' (batch[${i}])${k >= 0 ? ` ops[${k}]` : ''}`;
}

/**
 * Check a batch against the schema before anything is written, so a bad batch leaves the store
 * untouched. Checks only, no copies: the batch is encoded right after, and those bytes are the
 * only copy the store keeps (copies here were most of ingest's garbage collection, alive while
 * batches wait for their fsync). Errors name the event, the field, the value and what was
 * expected. Plain loops and messages built only on failure: this runs over every op of every
 * batch, on the ingest thread.
 */
export function validateBatch(schema: Schema, batch: unknown): asserts batch is readonly GraphEvent[] {
  if (!Array.isArray(batch)) throw new Error(`batch is ${show(batch)}, expected an array of events`);
  for (let i = 0; i < batch.length; i++) validateEvent(schema, batch[i], i);
}

function validateEvent(schema: Schema, ev: unknown, i: number): void {
  if (ev === null || typeof ev !== 'object' || Array.isArray(ev))
    throw new Error(`batch[${i}] is ${show(ev)}, expected an event {id, time, ops}`);
  const e = ev as Record<string, unknown>;
  const id = e.id;
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID_LENGTH) {
    throw new Error(
      `batch[${i}]: field 'id' is ${show(id)}, expected a string event id of 1 to ${MAX_ID_LENGTH} characters`,
    );
  }
  const t = e.time;
  if (typeof t !== 'number' || !Number.isFinite(t) || t < 0 || t > MAX_TIME) {
    throw new Error(`${at(i, id)}: field 'time' is ${show(t)}, expected seconds since the epoch in [0, ${MAX_TIME}]`);
  }
  const ops = e.ops;
  if (!Array.isArray(ops))
    throw new Error(`${at(i, id)}: field 'ops' is ${show(ops)}, expected an array of operations`);
  for (let k = 0; k < ops.length; k++) validateOp(schema, ops[k], i, id, k);
}

function validateOp(schema: Schema, op: unknown, i: number, id: string, k: number): void {
  if (op === null || typeof op !== 'object')
    throw new Error(`${at(i, id, k)} is ${show(op)}, expected an operation object`);
  const o = op as Record<string, unknown>;
  const kind = o.op;
  if (kind === 'upsert_node') {
    const width = schema.nodeTypes.get(o.type as string);
    if (typeof o.type !== 'string' || width === undefined) {
      throw new Error(
        `${at(i, id, k)}: field 'type' is ${show(o.type)}, expected one of the node types ${[...schema.nodeTypes.keys()].join(', ')}`,
      );
    }
    const node = idField(o.id, 'id', i, id, k);
    features(o.x, width, () => `${at(i, id, k)} (node '${o.type}' '${node}')`);
    return;
  }
  if (kind !== 'add_edge' && kind !== 'delete_edge')
    throw new Error(`${at(i, id, k)}: field 'op' is ${show(kind)}, expected one of ${OP_NAMES.join(', ')}`);
  const rel = o.rel;
  if (typeof rel !== 'string' || !schema.relations.has(rel)) {
    throw new Error(
      `${at(i, id, k)}: field 'rel' is ${show(rel)}, expected one of the relations ${[...schema.relations.keys()].join(', ')}`,
    );
  }
  idField(o.src, 'src', i, id, k);
  idField(o.dst, 'dst', i, id, k);
}

/** Takes the value, not the object and field: a load by a variable key was several times slower (V8 in Node 20 on the 2 × AMD EPYC, 2 cores machine, 29 Nov 2026), and this runs twice per edge. */
function idField(v: unknown, field: string, i: number, id: string, k: number): string {
  if (typeof v !== 'string' || v.length === 0 || v.length > MAX_ID_LENGTH) {
    throw new Error(
      `${at(i, id, k)}: field '${field}' is ${show(v)}${typeof v === 'number' ? ' (a number)' : ''}, expected a string node id of 1 to ${MAX_ID_LENGTH} characters`,
    );
  }
  return v;
}

/** Typed arrays pass too: the encoder rounds every value to f32 as it writes it. */
function features(x: unknown, width: number, where: () => string): void {
  const ok = Array.isArray(x) || x instanceof Float32Array || x instanceof Float64Array;
  if (!ok) throw new Error(`${where()}: field 'x' is ${show(x)}, expected an array of ${width} numbers`);
  const a = x as ArrayLike<unknown>;
  if (a.length !== width)
    throw new Error(`${where()}: field 'x' has ${a.length} values, expected ${width} (the type's feature width)`);
  for (let k = 0; k < width; k++) {
    const v = a[k];
    if (typeof v !== 'number' || !Number.isFinite(v) || !Number.isFinite(Math.fround(v))) {
      throw new Error(`${where()}: field 'x[${k}]' is ${show(v)}, expected a finite float32 value`);
    }
  }
}
