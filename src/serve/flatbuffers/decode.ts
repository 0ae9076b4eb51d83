import { HttpError } from '../errors.ts';
import { BadFlatBuffer, CheckedByteBuffer } from './checked-byte-buffer.ts';

export type Obj = Record<string, unknown>;

/**
 * Where the decoder is, as the JSON body's path (`body.targets[3].id`): each table's reader calls
 * `in()` first and `out()` last, and names each field with `at()` before reading it. A throw leaves
 * it at the failing field, and the path is built only then.
 */
export class Where {
  private readonly parts: (string | number)[] = [];

  in(): void {
    this.parts.push('');
  }

  out(): void {
    this.parts.pop();
  }

  at<K extends string | number>(k: K): K {
    this.parts[this.parts.length - 1] = k;
    return k;
  }

  toString(): string {
    return `body${this.parts.map((p) => (typeof p === 'number' ? `[${p}]` : p && `.${p}`)).join('')}`;
  }
}

/** `o[k] = v` when the buffer has the field: a field it lacks stays absent, as in JSON. */
export function put(o: Obj, k: string, v: unknown): void {
  if (v !== null && v !== undefined) o[k] = v;
}

/**
 * A vector field as an array, undefined when absent. Call it as `list(bb, w, t.xLength(), …)`: the
 * generated `xLength()` answers 0 for an absent and for an empty vector alike, which JSON tells apart
 * (no `ops` is an error, `ops: []` an event without ops), so `bb.found` is read from its field lookup.
 */
export function list<T>(bb: CheckedByteBuffer, w: Where, length: number, item: (i: number) => T): T[] | undefined {
  if (!bb.found) return undefined;
  const out: T[] = [];
  w.in();
  for (let i = 0; i < length; i++) out.push(item(w.at(i)));
  w.out();
  return out;
}

/** A JSON object from [key, value] pairs, the last of a key winning (as JSON.parse does). */
export function object(pairs: readonly [string, unknown][] | undefined, w: Where): Obj | undefined {
  if (!pairs) return undefined;
  const o: Obj = {};
  for (const [k, v] of pairs) {
    // A JSON body with this key is refused too (Fastify's onProtoPoisoning); assigned, it would set the prototype.
    if (k === '__proto__') throw new HttpError(400, 'bad_request', `${w} has the key "__proto__", which is forbidden`);
    o[k] = v;
  }
  return o;
}

/** A field the schema marks required (a map entry's key and value): flatc's readers do not check that. */
export function required<T>(v: T | null | undefined): T {
  if (v === null || v === undefined) throw new BadFlatBuffer('the field is required and absent');
  return v;
}

/**
 * The body read from `bytes` by `read` over a CheckedByteBuffer, or a 400 saying it is not a valid
 * `type` FlatBuffer, where and why. Any other error is a bug of the reader and stays one (a 500).
 */
export function decodeBody<T>(type: string, bytes: Uint8Array, read: (bb: CheckedByteBuffer, w: Where) => T): T {
  const bb = new CheckedByteBuffer(bytes);
  const w = new Where();
  try {
    return read(bb, w);
  } catch (e) {
    if (!(e instanceof BadFlatBuffer)) throw e;
    throw new HttpError(400, 'bad_request', `body is not a valid ${type} FlatBuffer: at ${w}, ${e.message}`);
  }
}
