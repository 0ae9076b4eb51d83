import { cut, show } from '../base/quote.ts';
import type { Schema } from '../base/schema.ts';
import { OP_NAMES } from './batch-record.ts';
import type { Bounds } from './limits.ts';

/**
 * The checks BatchWriter makes on a caller's batch as it encodes it, one field at a time: each
 * takes a value the writer has read once (never the object and a key: a getter or a proxy could
 * answer a second read differently from the first), so what is checked is what is written.
 * Errors name the event, the field, the value (cut to about 100 characters) and what was
 * expected, built only on failure: these run over every op of every batch.
 */

/** Where an error happened: `event 'e7' (batch[3])`, then ` ops[k]` for an op. */
export function at(i: number, id: string, k = -1): string {
  return `event '${cut(id)}' (batch[${i}])${k >= 0 ? ` ops[${k}]` : ''}`;
}

export function badBatch(batch: unknown): Error {
  return new Error(`batch is ${show(batch)}, expected an array of events`);
}

export function badEvent(ev: unknown, i: number): Error {
  return new Error(`batch[${i}] is ${show(ev)}, expected an event {id, time, ops}`);
}

export function checkEventId(id: unknown, i: number, b: Bounds): asserts id is string {
  if (typeof id !== 'string' || id.length === 0 || id.length > b.maxIdLength)
    throw new Error(
      `batch[${i}]: field 'id' is ${show(id)}, expected a string event id of 1 to ${b.maxIdLength} characters`,
    );
}

export function checkTime(t: unknown, i: number, id: string, b: Bounds): asserts t is number {
  if (typeof t !== 'number' || !Number.isFinite(t) || t < 0 || t > b.maxTime)
    throw new Error(
      `${at(i, id)}: field 'time' is ${show(t)}, expected seconds since the epoch in [0, ${b.maxTime}] (${b.timeRule})`,
    );
}

export function badOps(ops: unknown, i: number, id: string): Error {
  return new Error(`${at(i, id)}: field 'ops' is ${show(ops)}, expected an array of operations`);
}

export function tooManyOps(n: number, i: number, id: string, b: Bounds): Error {
  return new Error(`${at(i, id)}: the batch has ${n} ops so far, expected at most ${b.maxOps} (maxOps): split it`);
}

export function tooBig(i: number, id: string, b: Bounds): Error {
  return new Error(
    `${at(i, id)}: the batch passes ${b.maxBatchBytes} encoded bytes here, expected at most that (maxBatchBytes): split it`,
  );
}

export function badOp(op: unknown, i: number, id: string, k: number): Error {
  return new Error(`${at(i, id, k)} is ${show(op)}, expected an operation object`);
}

export function badKind(kind: unknown, i: number, id: string, k: number): Error {
  return new Error(`${at(i, id, k)}: field 'op' is ${show(kind)}, expected one of ${OP_NAMES.join(', ')}`);
}

export function badType(schema: Schema, type: unknown, i: number, id: string, k: number): Error {
  return new Error(
    `${at(i, id, k)}: field 'type' is ${show(type)}, expected one of the node types ${[...schema.nodeTypes.keys()].join(', ')}`,
  );
}

export function badRel(schema: Schema, rel: unknown, i: number, id: string, k: number): Error {
  return new Error(
    `${at(i, id, k)}: field 'rel' is ${show(rel)}, expected one of the relations ${[...schema.relations.keys()].join(', ')}`,
  );
}

/** Checks a node id (field `field` of event i's op k). */
export function checkNodeId(
  v: unknown,
  field: string,
  i: number,
  id: string,
  k: number,
  b: Bounds,
): asserts v is string {
  if (typeof v !== 'string' || v.length === 0 || v.length > b.maxIdLength)
    throw new Error(
      `${at(i, id, k)}: field '${field}' is ${show(v)}${typeof v === 'number' ? ' (a number)' : ''}, expected a string node id of 1 to ${b.maxIdLength} characters`,
    );
}

/** Typed arrays pass too: the writer rounds every value to f32 as it writes it. */
export function checkFeatures(x: unknown, width: number, where: () => string): void {
  const ok = Array.isArray(x) || x instanceof Float32Array || x instanceof Float64Array;
  if (!ok) throw new Error(`${where()}: field 'x' is ${show(x)}, expected an array of ${width} numbers`);
  const n = (x as ArrayLike<unknown>).length;
  if (n !== width)
    throw new Error(`${where()}: field 'x' has ${n} values, expected ${width} (the type's feature width)`);
}

export function badFeature(v: unknown, f: number, where: () => string): Error {
  return new Error(`${where()}: field 'x[${f}]' is ${show(v)}, expected a finite float32 value`);
}

/** An add_edge's `attr` or `w` that its relation does not carry (of `width` attributes), or either on a delete_edge (add false). */
export function extraEdgeData(
  add: boolean,
  rel: string,
  attr: unknown,
  w: unknown,
  width: number,
  where: () => string,
): Error {
  const field = attr !== undefined && (width === 0 || !add) ? 'attr' : 'w';
  const why = !add
    ? 'a delete_edge carries no edge data'
    : `relation '${rel}' carries no ${field === 'attr' ? 'attributes' : 'weight'}`;
  return new Error(`${where()}: field '${field}' is ${show(field === 'attr' ? attr : w)}, expected none (${why})`);
}

/** An add_edge's weight, when its relation carries one. */
export function badWeight(v: unknown, where: () => string): Error {
  return new Error(
    `${where()}: field 'w' is ${show(v)}, expected a finite float32 weight (the relation's edges carry one)`,
  );
}

/** An add_edge's attributes, when its relation carries `width` of them; typed arrays pass, as for features. */
export function checkAttr(a: unknown, width: number, where: () => string): void {
  const ok = Array.isArray(a) || a instanceof Float32Array || a instanceof Float64Array;
  if (!ok) throw new Error(`${where()}: field 'attr' is ${show(a)}, expected an array of ${width} numbers`);
  const n = (a as ArrayLike<unknown>).length;
  if (n !== width)
    throw new Error(`${where()}: field 'attr' has ${n} values, expected ${width} (the relation's edgeAttr)`);
}

export function badAttr(v: unknown, f: number, where: () => string): Error {
  return new Error(`${where()}: field 'attr[${f}]' is ${show(v)}, expected a finite float32 value`);
}
