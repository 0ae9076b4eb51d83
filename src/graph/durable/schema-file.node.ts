import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { makeSchema, type Schema } from '../base/schema.ts';
import { SCHEMA_FILE } from './files.ts';
import { syncDir } from './snapshot.node.ts';

interface Described {
  readonly nodeTypes: Record<string, number>;
  /** [key, ttl in seconds or -1 for none, the forward it is the reverse of] */
  readonly relations: [string, number, string?][];
  /** [key, attribute width, weighted] per relation whose edges carry data (absent in stores written before edge data) */
  readonly edgeData?: [string, number, boolean][];
  /** The store keeps a checkpoint (written once it has one): none found is then damage, whatever the log looks like. */
  readonly checkpointed?: true;
}

function describe(schema: Schema, checkpointed: boolean): Described {
  const d: Described = {
    nodeTypes: Object.fromEntries(schema.nodeTypes),
    relations: [...schema.relations.values()].map((r) =>
      r.reverseOf ? [r.key, r.ttl === Infinity ? -1 : r.ttl, r.reverseOf] : [r.key, r.ttl === Infinity ? -1 : r.ttl],
    ),
  };
  const edgeData = [...schema.relations.values()]
    .filter((r) => r.edgeAttr > 0 || r.edgeWeight)
    .map((r): [string, number, boolean] => [r.key, r.edgeAttr, r.edgeWeight]);
  const withData = edgeData.length > 0 ? { ...d, edgeData } : d;
  return checkpointed ? { ...withData, checkpointed: true } : withData;
}

/** The file's text: the description with a CRC-32 of its JSON as a last key (a flipped digit in a width would otherwise read as another schema). */
function fileText(schema: Schema, checkpointed: boolean): string {
  const d = describe(schema, checkpointed);
  return `${JSON.stringify({ ...d, crc32: crc32(JSON.stringify(d)) })}\n`;
}

/**
 * Keep dir/schema.json the schema the store was last opened with, so that `weft store check`
 * and `repair`, which have no model to derive it from, can check and replay records.
 */
export async function saveSchema(dir: string, schema: Schema, checkpointed = false): Promise<void> {
  const text = fileText(schema, checkpointed);
  const path = join(dir, SCHEMA_FILE);
  try {
    if (readFileSync(path, 'utf8') === text) return;
  } catch {}
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
  await syncDir(dir);
}

/**
 * The schema dir/schema.json describes, or undefined when there is none. A file that does not
 * parse, fails its checksum (files written before it had none) or describes no schema is an
 * Error naming it.
 */
export function loadSchema(dir: string): Schema | undefined {
  return readDescribed(dir)?.schema;
}

/**
 * Whether dir/schema.json says the store keeps a checkpoint. A store's log cut to nothing, with
 * both checkpoint files gone and no snapshot, looks like an empty store from before checkpoints:
 * this says it is not. False where the file is missing or unreadable (open then rewrites it without).
 */
export function schemaSaysCheckpointed(dir: string): boolean {
  try {
    return readDescribed(dir)?.described.checkpointed === true;
  } catch {
    return false;
  }
}

function readDescribed(dir: string): { described: Described; schema: Schema } | undefined {
  const path = join(dir, SCHEMA_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  try {
    const { crc32: sum, ...d } = JSON.parse(text) as Described & { crc32?: number };
    if (sum !== undefined && sum !== crc32(JSON.stringify(d)))
      throw new Error(`checksum mismatch (crc32 ${crc32(JSON.stringify(d))}, the file says ${sum})`);
    return { described: d, schema: fromDescribed(d) };
  } catch (e) {
    throw new Error(`${path}: unreadable (${(e as Error).message})`);
  }
}

function fromDescribed(d: Described): Schema {
  const ttl: Record<string, number> = {};
  for (const [key, t, rev] of d.relations) if (t >= 0 && !rev) ttl[key] = t;
  return makeSchema({
    nodeTypes: d.nodeTypes,
    relations: d.relations.map(([key]) => key),
    ttl,
    deriveReverse: d.relations.some(([, , rev]) => rev !== undefined),
    edgeAttr: Object.fromEntries((d.edgeData ?? []).map(([k, a]) => [k, a])),
    edgeWeight: Object.fromEntries((d.edgeData ?? []).map(([k, , w]) => [k, w])),
  });
}

/**
 * Before recovery: write `schema` where dir/schema.json is missing or unreadable, so that a store
 * open refuses can still be repaired. A readable one stays until recovery succeeds: it may be the
 * store's own while `schema` is another (the snapshot tells, and open refuses).
 */
export async function keepSchema(dir: string, schema: Schema, warn: (msg: string) => void): Promise<void> {
  try {
    if (loadSchema(dir)) return;
  } catch (e) {
    warn(`${(e as Error).message}; written anew from the schema the store is opened with`);
  }
  await saveSchema(dir, schema);
}
