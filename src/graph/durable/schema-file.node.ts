import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeSchema, type Schema } from '../base/schema.ts';
import { SCHEMA_FILE } from './files.ts';
import { syncDir } from './snapshot.node.ts';

interface Described {
  readonly nodeTypes: Record<string, number>;
  /** [key, ttl in seconds or -1 for none, the forward it is the reverse of] */
  readonly relations: [string, number, string?][];
  /** [key, attribute width, weighted] per relation whose edges carry data (absent in stores written before edge data) */
  readonly edgeData?: [string, number, boolean][];
}

function describe(schema: Schema): Described {
  const d: Described = {
    nodeTypes: Object.fromEntries(schema.nodeTypes),
    relations: [...schema.relations.values()].map((r) =>
      r.reverseOf ? [r.key, r.ttl === Infinity ? -1 : r.ttl, r.reverseOf] : [r.key, r.ttl === Infinity ? -1 : r.ttl],
    ),
  };
  const edgeData = [...schema.relations.values()]
    .filter((r) => r.edgeAttr > 0 || r.edgeWeight)
    .map((r): [string, number, boolean] => [r.key, r.edgeAttr, r.edgeWeight]);
  return edgeData.length > 0 ? { ...d, edgeData } : d;
}

/**
 * Keep dir/schema.json the schema the store was last opened with, so that `weft store check`
 * and `repair`, which have no model to derive it from, can check and replay records.
 */
export async function saveSchema(dir: string, schema: Schema): Promise<void> {
  const text = `${JSON.stringify(describe(schema))}\n`;
  const path = join(dir, SCHEMA_FILE);
  try {
    if (readFileSync(path, 'utf8') === text) return;
  } catch {}
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
  await syncDir(dir);
}

/** The schema dir/schema.json describes, or undefined when there is none. */
export function loadSchema(dir: string): Schema | undefined {
  let d: Described;
  try {
    d = JSON.parse(readFileSync(join(dir, SCHEMA_FILE), 'utf8')) as Described;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`${join(dir, SCHEMA_FILE)}: unreadable (${(e as Error).message})`);
  }
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
