import { MAX_ID_LENGTH } from './batch-codec.ts';
import { MAX_TIME, type GraphEvent, type GraphOp } from './events.ts';
import type { Schema } from './schema.ts';

const OPS = ['add_edge', 'delete_edge', 'upsert_node'];

function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  if (Array.isArray(v)) return `an array of ${v.length}`;
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/**
 * Check a batch against the schema before anything is written, so a bad batch leaves the store
 * untouched. Returns the events in canonical form (features as plain float32-rounded numbers).
 * Errors name the event, the field, the value and what was expected.
 */
export function validateBatch(schema: Schema, batch: unknown): GraphEvent[] {
  if (!Array.isArray(batch)) throw new Error(`batch is ${show(batch)}, expected an array of events`);
  return batch.map((ev, i) => validateEvent(schema, ev, i));
}

function validateEvent(schema: Schema, ev: unknown, i: number): GraphEvent {
  if (ev === null || typeof ev !== 'object' || Array.isArray(ev)) throw new Error(`batch[${i}] is ${show(ev)}, expected an event {id, time, ops}`);
  const e = ev as Record<string, unknown>;
  if (typeof e.id !== 'string' || e.id.length === 0 || e.id.length > MAX_ID_LENGTH) {
    throw new Error(`batch[${i}]: field 'id' is ${show(e.id)}, expected a string event id of 1 to ${MAX_ID_LENGTH} characters`);
  }
  const where = `event '${e.id}' (batch[${i}])`;
  const t = e.time;
  if (typeof t !== 'number' || !Number.isFinite(t) || t < 0 || t > MAX_TIME) {
    throw new Error(`${where}: field 'time' is ${show(t)}, expected seconds since the epoch in [0, ${MAX_TIME}]`);
  }
  if (!Array.isArray(e.ops)) throw new Error(`${where}: field 'ops' is ${show(e.ops)}, expected an array of operations`);
  const ops = e.ops.map((op, k) => validateOp(schema, op, `${where} ops[${k}]`));
  return { id: e.id, time: t, ops };
}

function validateOp(schema: Schema, op: unknown, where: string): GraphOp {
  if (op === null || typeof op !== 'object') throw new Error(`${where} is ${show(op)}, expected an operation object`);
  const o = op as Record<string, unknown>;
  if (typeof o.op !== 'string' || !OPS.includes(o.op)) throw new Error(`${where}: field 'op' is ${show(o.op)}, expected one of ${OPS.join(', ')}`);
  if (o.op === 'upsert_node') {
    const width = schema.nodeTypes.get(o.type as string);
    if (typeof o.type !== 'string' || width === undefined) {
      throw new Error(`${where}: field 'type' is ${show(o.type)}, expected one of the node types ${[...schema.nodeTypes.keys()].join(', ')}`);
    }
    const id = idField(o, 'id', where);
    return { op: 'upsert_node', type: o.type, id, x: features(o.x, width, `${where} (node '${o.type}' '${id}')`) };
  }
  const rel = o.rel;
  if (typeof rel !== 'string' || !schema.relations.has(rel)) {
    throw new Error(`${where}: field 'rel' is ${show(rel)}, expected one of the relations ${[...schema.relations.keys()].join(', ')}`);
  }
  return { op: o.op as 'add_edge' | 'delete_edge', rel, src: idField(o, 'src', where), dst: idField(o, 'dst', where) };
}

function idField(o: Record<string, unknown>, field: string, where: string): string {
  const v = o[field];
  if (typeof v !== 'string' || v.length === 0 || v.length > MAX_ID_LENGTH) {
    throw new Error(`${where}: field '${field}' is ${show(v)}${typeof v === 'number' ? ' (a number)' : ''}, expected a string node id of 1 to ${MAX_ID_LENGTH} characters`);
  }
  return v;
}

function features(x: unknown, width: number, where: string): number[] {
  const ok = Array.isArray(x) || x instanceof Float32Array || x instanceof Float64Array;
  if (!ok) throw new Error(`${where}: field 'x' is ${show(x)}, expected an array of ${width} numbers`);
  const a = x as ArrayLike<unknown>;
  if (a.length !== width) throw new Error(`${where}: field 'x' has ${a.length} values, expected ${width} (the type's feature width)`);
  const out = new Array<number>(width);
  for (let k = 0; k < width; k++) {
    const v = a[k];
    if (typeof v !== 'number' || !Number.isFinite(v) || !Number.isFinite(Math.fround(v))) {
      throw new Error(`${where}: field 'x[${k}]' is ${show(v)}, expected a finite float32 value`);
    }
    out[k] = Math.fround(v);
  }
  return out;
}
