import type { Schema } from '../base/schema.ts';
import { DST, SRC, STRIDE, TOMBSTONE, TS } from '../base/slot-layout.ts';
import type { Relation } from '../edges/relation.ts';
import { GraphStore } from '../store.ts';
import type { Maintainer } from '../base/maintainer.ts';

/** What a snapshot holds besides the arrays: enough to check it against the schema and resume the log. */
interface Header {
  format: (typeof READABLE)[number];
  /** Last batch sequence number included. */
  seq: number;
  newest: number;
  version: number;
  events: number;
  nodeTypes: [string, number][];
  relations: [string, number][];
  /** /3: reverse relations derived from their forward ([reverse, forward]), which have no sections. */
  derived?: [string, string][];
  /** /4: [relation, attribute width, weighted] of each relation whose edges carry data (absent before: none did). */
  edgeData?: [string, number, boolean][];
  sections: { name: string; type: 'u8' | 'u32' | 'i32' | 'f32'; length: number }[];
}

export type Section = Uint8Array | Uint32Array | Int32Array | Float32Array;

/** Formats a restore reads; dumps write the last. */
const READABLE = [
  'weft-graph-snapshot/1',
  'weft-graph-snapshot/2',
  'weft-graph-snapshot/3',
  'weft-graph-snapshot/4',
] as const;

/** The schema's edge data as a header states it: only relations that have some, so a store without any matches every older format. */
function edgeDataOf(schema: Schema): [string, number, boolean][] {
  return [...schema.relations.values()]
    .filter((r) => r.edgeAttr > 0 || r.edgeWeight)
    .map((r) => [r.key, r.edgeAttr, r.edgeWeight]);
}

/** A store's state captured between two batches: what a snapshot file holds. */
export interface Captured {
  readonly header: string;
  /** Per section, its parts back to back (the edge tables are lent chunk by chunk, not copied). */
  readonly sections: readonly (readonly Section[])[];
  /** Per section, whether its parts are the capture's own (a copy or a loan); the others are views of the live store (see detach). Absent: all are. */
  readonly own?: readonly boolean[];
  /** Call once the file is written: ends the loan of the edge tables' chunks (EdgeTable.lend). */
  readonly settle: () => void;
}
const CTORS = { u8: Uint8Array, u32: Uint32Array, i32: Int32Array, f32: Float32Array } as const;

function typeOf(a: Section): Header['sections'][number]['type'] {
  return a instanceof Uint8Array ? 'u8' : a instanceof Uint32Array ? 'u32' : a instanceof Int32Array ? 'i32' : 'f32';
}

/**
 * The store as a header and its arrays, taken between two batches: the edge tables' chunks lent
 * (EdgeTable.lend: a write to one copies it first), everything else as views of the store's own
 * memory, valid only until the store next changes. A DurableStore calls `detach` (snapshot.node.ts) before it lets
 * ingest go on; a private store (repair, tests) can write the views as they are. Deleted slots go
 * in as they are: compaction is the maintenance policy's job, not the snapshot's. Hash tables go
 * in verbatim so a restore does not rehash 10M edges; the edge indexes are rebuilt (a counting
 * sort per direction).
 */
export function dumpStore(store: GraphStore, seq: number): Captured {
  const named: [string, Header['sections'][number]['type'], Section[]][] = [];
  const own: boolean[] = [];
  const add = (name: string, type: Header['sections'][number]['type'], parts: Section[], ours = false) => {
    named.push([name, type, parts]);
    own.push(ours);
  };
  for (const [t, n] of store.nodes) {
    const d = n.ids.parts();
    add(`ids.${t}.chars`, 'u8', d.chars);
    add(`ids.${t}.starts`, 'u32', d.starts);
    add(`ids.${t}.table`, 'i32', [d.table]);
    add(`x.${t}`, 'f32', n.features.parts());
    // /4: the type's deleted nodes (NodeTable.gone), when it has any.
    if (n.gone.size > 0) add(`gone.${t}`, 'i32', [Int32Array.from(n.gone)], true);
  }
  const loans: { settle: () => void }[] = [];
  for (const [k, r] of store.stored) {
    const loan = r.edges.lend();
    loans.push(loan);
    add(`rel.${k}.edges`, 'u32', loan.views, true);
    add(`rel.${k}.hash`, typeOf(r.hash.table), [r.hash.table]);
    if (r.data) add(`rel.${k}.data`, 'f32', r.data.views(r.slots));
  }
  add('events', 'u32', [store.applied.view()]);
  const header: Header = {
    format: 'weft-graph-snapshot/4',
    seq,
    newest: store.newest,
    version: store.version,
    events: store.applied.size,
    nodeTypes: [...store.schema.nodeTypes],
    relations: [...store.schema.relations.values()].map((r) => [r.key, r.ttl === Infinity ? -1 : r.ttl]),
    derived: [...store.schema.relations.values()].filter((r) => r.reverseOf).map((r) => [r.key, r.reverseOf!]),
    edgeData: edgeDataOf(store.schema),
    sections: named.map(([name, type, parts]) => ({ name, type, length: parts.reduce((n, a) => n + a.length, 0) })),
  };
  return {
    header: JSON.stringify(header),
    sections: named.map(([, , parts]) => parts),
    own,
    settle: () => {
      for (const l of loans) l.settle();
    },
  };
}

/** A snapshot of another schema: the caller's mistake, not damage (no older snapshot is tried instead). */
export class SchemaMismatch extends Error {}

/** Rebuild a store from a snapshot's header and body (arrays back to back, each at an 8-byte aligned offset). */
export function restoreStore(
  schema: Schema,
  headerText: string,
  body: Uint8Array,
  where: string,
  maintainer?: Maintainer,
): { store: GraphStore; seq: number } {
  const h = JSON.parse(headerText) as Header;
  if (!READABLE.includes(h.format))
    throw new Error(
      `${where}: format ${JSON.stringify(h.format)}, expected one of ${READABLE.map((f) => `'${f}'`).join(', ')}`,
    );
  // /1 held the id tables one word a slot (no arena offsets): rebuilt from the arena instead.
  const idTables = h.format !== 'weft-graph-snapshot/1';
  const mine = JSON.stringify([
    [...schema.nodeTypes],
    [...schema.relations.values()].map((r) => [r.key, r.ttl === Infinity ? -1 : r.ttl]),
    edgeDataOf(schema),
  ]);
  const theirs = JSON.stringify([h.nodeTypes, h.relations, h.edgeData ?? []]);
  if (mine !== theirs)
    throw new SchemaMismatch(`${where}: written for schema ${theirs}, but the store was opened with ${mine}`);
  const arrays = new Map<string, Section>();
  let at = 0;
  for (const s of h.sections) {
    const C = CTORS[s.type];
    const bytes = s.length * C.BYTES_PER_ELEMENT;
    if (!C || !Number.isSafeInteger(bytes) || bytes < 0 || at + bytes > body.length)
      throw new Error(`${where}: section '${s.name}' (${s.length} × ${s.type}) runs past the end of the file`);
    const copy = body.slice(at, at + bytes);
    arrays.set(s.name, new C(copy.buffer, copy.byteOffset, s.length));
    at += Math.ceil(bytes / 8) * 8;
  }
  const get = <T extends Section>(name: string): T => {
    const a = arrays.get(name);
    if (!a) throw new Error(`${where}: section '${name}' is missing`);
    return a as T;
  };
  const store = new GraphStore(schema, undefined, maintainer);
  for (const [t, n] of store.nodes) {
    n.ids.restore({
      chars: get(`ids.${t}.chars`),
      starts: get(`ids.${t}.starts`),
      table: idTables ? get(`ids.${t}.table`) : null,
    });
    n.features.restore(get(`x.${t}`));
    for (const i of (arrays.get(`gone.${t}`) as Int32Array | undefined) ?? []) n.gone.add(i);
  }
  store.newest = h.newest;
  store.version = h.version;
  // Relations stored in the snapshot and here load as they are. Where the schema's reverse
  // derivation changed since (or the snapshot predates it, /1 and /2), edges move over: a
  // reverse stored there is added, turned around, to its forward here; a reverse stored here
  // but derived there is filled from its forward's edges, edge data with them.
  const late: [Relation, string][] = [];
  for (const [k, r] of store.stored) {
    const edges = arrays.get(`rel.${k}.edges`) as Uint32Array | undefined;
    if (!edges) {
      const of = h.derived?.find(([rev]) => rev === k)?.[1];
      late.push([r, of ?? k]);
      continue;
    }
    r.edges.fromArray(edges);
    if (r.data) r.data.fromArray(get(`rel.${k}.data`));
    r.hash.table = get(`rel.${k}.hash`);
    r.live = 0;
    for (let e = 0; e < r.slots; e++) if (r.ts.get(e) !== TOMBSTONE) r.live++;
    r.hash.size = r.live;
  }
  for (const [k, view] of store.relations)
    if (view.stored.key !== k && arrays.has(`rel.${k}.edges`)) late.push([store.stored.get(view.stored.key)!, k]);
  for (const [r, from] of late) {
    const edges = get<Uint32Array>(`rel.${from}.edges`),
      data = arrays.get(`rel.${from}.data`) as Float32Array | undefined;
    const view = data && r.data && new DataView(data.buffer, data.byteOffset, data.byteLength);
    for (let o = 0, e = 0; o < edges.length; o += STRIDE, e++) {
      if (edges[o + TS] === TOMBSTONE) continue;
      const slot = r.add(edges[o + DST], edges[o + SRC], edges[o + TS]);
      if (view) r.data!.write(slot, view, 4 * e * r.data!.words);
    }
  }
  for (const r of store.stored.values()) r.merge(store.newest, store.numNodes(r.srcType), store.numNodes(r.dstType));
  store.applied.restore(get('events'), h.events);
  return { store, seq: h.seq };
}
