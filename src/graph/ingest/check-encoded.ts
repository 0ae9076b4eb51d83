import { MAX_ID_LENGTH, WIDE, readId } from '../base/id-bytes.ts';
import { cut } from '../base/quote.ts';
import { edgeWords, type Schema } from '../base/schema.ts';
import { BatchReader, EVENT_BYTES, HEADER_BYTES, KIND, OP_BYTES, readTag, schemaTag } from './batch-record.ts';
import type { Bounds } from './limits.ts';

// Imported bindings read in the loops below, copied once to module constants: V8 reads an
// imported binding through the exporting module's environment each time. Measured under tsx on
// 300 of `npm run bench -- graph`'s 10,000-edge batches (2 × Intel Xeon, 2 cores, 3 Dec 2026):
// the check took 84 ms with the copies, 90 without. (BatchApply's loops showed no difference.)
const UPSERT = KIND.upsert_node,
  DROP = KIND.delete_node,
  ADD = KIND.add_edge,
  DELETE = KIND.delete_edge,
  ID_LENGTH = MAX_ID_LENGTH,
  WIDE_BIT = WIDE,
  EVENT = EVENT_BYTES,
  OP = OP_BYTES;

/**
 * Check an encoded batch (a BatchWriter's bytes, made by a producer, perhaps on another thread
 * or machine) as strictly as validateBatch checks events: once logged, a batch must apply, so
 * every length, index and value is checked against the bytes' end and the schema, and each id
 * must be in canonical form (one byte a code unit unless some unit needs two), or one node
 * could get two ids. Walks the bytes with the BatchReader that applies them, checking what each
 * step will read before it reads it. Counts add_edge ops per relation (schema order) into
 * `adds`. Throws naming the event (index and id), the op, the field and the value, and what was
 * expected. `b` bounds size, ids, ops and times: an ingest's limits, or FORMAT_BOUNDS on replay.
 */
export function checkEncoded(schema: Schema, bytes: Uint8Array, adds: Uint32Array, b: Bounds): void {
  const rels = schema.relations.size,
    words = [...schema.relations.values()].map(edgeWords),
    types = [...schema.nodeTypes.values()],
    end = bytes.length;
  adds.fill(0);
  checkSize(bytes, b);
  if (end < HEADER_BYTES)
    throw new Error(`encoded batch: ${end} bytes, expected at least ${HEADER_BYTES} (schema tag, event count)`);
  const tag = readTag(bytes),
    want = schemaTag(schema);
  if (tag !== want)
    throw new Error(
      `encoded batch: schema tag ${tag.toString(16)}, expected ${want.toString(16)} (encoded under another schema)`,
    );
  const r = new BatchReader(),
    weighted = [...schema.relations.values()].map((s) => s.edgeWeight),
    x = new Float32Array(Math.max(0, ...types));
  r.start(bytes);
  let ops = 0;
  for (let i = 0; i < r.count; i++) {
    const idAt = r.at;
    const after = checkId(bytes, r.at, i, -1, -1, 'id', b);
    if (after + EVENT > end)
      throw new Error(`${where(bytes, i, idAt, -1)}: ends at byte ${end}, inside its time and op count`);
    r.event();
    const t = r.time;
    if (!Number.isFinite(t) || t < 0 || t > b.maxTime)
      throw new Error(
        `${where(bytes, i, idAt, -1)}: field 'time' is ${t}, expected seconds since the epoch in [0, ${b.maxTime}] (${b.timeRule})`,
      );
    ops += r.ops;
    if (ops > b.maxOps)
      throw new Error(
        `${where(bytes, i, idAt, -1)}: the batch has ${ops} ops so far, expected at most ${b.maxOps} (maxOps): split it`,
      );
    for (let k = 0, nops = r.ops; k < nops; k++) {
      if (r.at + OP > end)
        throw new Error(`${where(bytes, i, idAt, k)}: ends at byte ${end}, inside the op's kind and index`);
      const kind = r.op(),
        ix = r.index;
      if (kind === UPSERT || kind === DROP) {
        if (ix >= types.length)
          throw new Error(
            `${where(bytes, i, idAt, k)}: node type index ${ix}, expected below ${types.length} (the schema's node types)`,
          );
        const width = kind === UPSERT ? types[ix] : 0;
        if (checkId(bytes, r.at, i, idAt, k, 'id', b) + 4 * width > end)
          throw new Error(`${where(bytes, i, idAt, k)}: ends at byte ${end}, inside its ${width} features`);
        r.node(width);
        r.features(r.b, width, x);
        for (let f = 0; f < width; f++) {
          if (!Number.isFinite(x[f]))
            throw new Error(`${where(bytes, i, idAt, k)}: field 'x[${f}]' is ${x[f]}, expected a finite float32 value`);
        }
      } else if (kind === ADD || kind === DELETE) {
        if (ix >= rels)
          throw new Error(
            `${where(bytes, i, idAt, k)}: relation index ${ix}, expected below ${rels} (the schema's relations)`,
          );
        const after = checkId(bytes, checkId(bytes, r.at, i, idAt, k, 'src', b), i, idAt, k, 'dst', b);
        r.edge();
        if (kind === ADD) {
          adds[ix]++;
          const n = words[ix];
          if (n > 0) {
            if (after + 4 * n > end)
              throw new Error(`${where(bytes, i, idAt, k)}: ends at byte ${end}, inside its ${n} f32 of edge data`);
            r.edgeData(n);
            checkEdgeData(r, n, weighted[ix], bytes, i, idAt, k);
          }
        }
      } else {
        throw new Error(
          `${where(bytes, i, idAt, k)}: kind byte ${kind}, expected ${Object.entries(KIND)
            .map(([n, v]) => `${v} (${n})`)
            .join(', ')}`,
        );
      }
    }
  }
  if (r.at !== end) throw new Error(`encoded batch: ${end - r.at} bytes after its ${r.count} events, expected none`);
}

/** The edge data of the add_edge just read (`n` f32 at r.c, its weight first when `weighted`): every value finite. The rest name the op for where (no closure per op: see BatchWriter.where). */
function checkEdgeData(
  r: BatchReader,
  n: number,
  weighted: boolean,
  bytes: Uint8Array,
  i: number,
  idAt: number,
  k: number,
): void {
  for (let f = 0; f < n; f++) {
    const v = r.view.getFloat32(r.c + 4 * f, true);
    if (!Number.isFinite(v)) {
      const field = weighted ? (f === 0 ? 'w' : `attr[${f - 1}]`) : `attr[${f}]`;
      throw new Error(`${where(bytes, i, idAt, k)}: field '${field}' is ${v}, expected a finite float32 value`);
    }
  }
}

/** Throw when an encoded batch is over maxBatchBytes (before anything copies it). */
export function checkSize(bytes: Uint8Array, b: Bounds): void {
  if (bytes.length > b.maxBatchBytes)
    throw new Error(
      `encoded batch: ${bytes.length} bytes, expected at most ${b.maxBatchBytes} (maxBatchBytes): split it`,
    );
}

/** Names event i (its id at idAt; -1: not read yet) and op k (-1: none) in an error. */
function where(bytes: Uint8Array, i: number, idAt: number, k: number): string {
  return `encoded batch, event ${i}${idAt >= 0 ? ` ('${cut(readId(bytes, idAt))}')` : ''}${k >= 0 ? ` ops[${k}]` : ''}`;
}

/** Check the id at bytes[at], `field` of event i's op k (see where); returns the offset after it. */
function checkId(bytes: Uint8Array, at: number, i: number, idAt: number, k: number, field: string, b: Bounds): number {
  const end = bytes.length;
  if (at + 2 > end)
    throw new Error(`${where(bytes, i, idAt, k)}: field '${field}' starts past the end (byte ${at} of ${end})`);
  const w = bytes[at] | (bytes[at + 1] << 8);
  const n = w & ID_LENGTH,
    wide = (w & WIDE_BIT) !== 0;
  const after = at + 2 + n * (wide ? 2 : 1);
  if (n === 0 || n > b.maxIdLength)
    throw new Error(
      `${where(bytes, i, idAt, k)}: field '${field}' is ${n === 0 ? 'an empty id' : `${n} characters long`}, expected 1 to ${b.maxIdLength} characters`,
    );
  if (after > end)
    throw new Error(`${where(bytes, i, idAt, k)}: field '${field}' (${n} characters) runs past the end (byte ${end})`);
  if (wide) {
    let high = 0;
    for (let o = at + 3; o < after; o += 2) high |= bytes[o];
    if (high === 0)
      throw new Error(
        `${where(bytes, i, idAt, k)}: field '${field}' ('${cut(readId(bytes, at))}') is in 2-byte form with every character below 256, expected the 1-byte form (ids are compared as bytes)`,
      );
  }
  return after;
}
