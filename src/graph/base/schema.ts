import { splitEdgeKey } from '../../tensor/batch.ts';

export interface RelationSpec {
  /** `src__rel__dst` */
  readonly key: string;
  readonly src: string;
  readonly dst: string;
  /** Seconds an edge stays visible after its last add, against the newest event time; Infinity = forever. */
  readonly ttl: number;
  /**
   * Set on a reverse relation `dst__rev_rel__src` whose forward `src__rel__dst` is in the schema
   * (PyG's ToUndirected names them so): the forward's key. Its edges are the forward's edges
   * turned around, stored once: adding or deleting (d, s) in it adds or deletes (s, d) in the
   * forward, and the reverse of every forward edge is visible in it.
   */
  readonly reverseOf?: string;
  /** f32 attributes each edge carries (`edge_attr` columns); 0: none. A derived reverse shares its forward's. */
  readonly edgeAttr: number;
  /** Whether each edge carries an f32 weight (`edge_weight`). A derived reverse shares its forward's. */
  readonly edgeWeight: boolean;
}

/** f32 values an edge of relation r carries: its weight (first, when it has one), then its attributes. */
export function edgeWords(r: RelationSpec): number {
  return r.edgeAttr + (r.edgeWeight ? 1 : 0);
}

/** Node types with their feature widths, and relations: what a store accepts. */
export interface Schema {
  readonly nodeTypes: ReadonlyMap<string, number>;
  readonly relations: ReadonlyMap<string, RelationSpec>;
}

export interface SchemaInit {
  /** node type → feature width */
  nodeTypes: Record<string, number>;
  /** `src__rel__dst` keys or [src, rel, dst] triples */
  relations: (string | readonly [string, string, string])[];
  /** relation key → TTL in seconds (a reverse relation's is its forward's) */
  ttl?: Record<string, number>;
  /**
   * Store `dst__rev_rel__src` as the reverse of `src__rel__dst` when both are in the schema
   * (reverseOf): for streams whose reverse relations are exact reverses, as PyG's
   * ToUndirected makes them. It halves their storage and ingest work, and a reverse edge can no
   * longer go missing. Default false: the two are stored apart, as given (a graph may hold
   * edges one way only).
   */
  deriveReverse?: boolean;
  /** relation key → edge attribute width (default 0: none) */
  edgeAttr?: Record<string, number>;
  /** relation key → whether its edges carry a weight (default false) */
  edgeWeight?: Record<string, boolean>;
}

/** Node types, and relations, a schema may have: a batch record names one by a one-byte index (batch-record.ts). */
const MAX_SCHEMA_ENTRIES = 256;

/** Throw unless every node type and relation of the schema has an index a batch record can hold. */
export function checkSchemaWidth(schema: Schema): void {
  for (const [what, n] of [
    ['node types', schema.nodeTypes.size],
    ['relations', schema.relations.size],
  ] as const)
    if (n > MAX_SCHEMA_ENTRIES)
      throw new Error(
        `schema: ${n} ${what}, expected at most ${MAX_SCHEMA_ENTRIES} (a batch record names each by a one-byte index)`,
      );
}

export function makeSchema(init: SchemaInit): Schema {
  const nodeTypes = new Map<string, number>();
  for (const [t, w] of Object.entries(init.nodeTypes)) {
    if (!Number.isInteger(w) || w < 0)
      throw new Error(`schema: node type '${t}': feature width ${w}, expected an integer >= 0`);
    nodeTypes.set(t, w);
  }
  const relations = new Map<string, RelationSpec>();
  for (const r of init.relations) {
    const key = typeof r === 'string' ? r : r.join('__');
    const [src, , dst] = splitEdgeKey(key);
    for (const t of [src, dst]) {
      if (!nodeTypes.has(t))
        throw new Error(
          `schema: relation '${key}': node type '${t}' is not one of ${[...nodeTypes.keys()].join(', ')}`,
        );
    }
    relations.set(key, { key, src, dst, ttl: Infinity, edgeAttr: 0, edgeWeight: false });
  }
  for (const [key, ttl] of Object.entries(init.ttl ?? {})) {
    const spec = relations.get(key);
    if (!spec)
      throw new Error(`schema: ttl for relation '${key}', which is not one of ${[...relations.keys()].join(', ')}`);
    if (!(ttl > 0))
      throw new Error(`schema: ttl for relation '${key}' is ${ttl}, expected seconds > 0 (or omit it for no expiry)`);
    relations.set(key, { ...spec, ttl });
  }
  setEdgeData(relations, init);
  if (init.deriveReverse) {
    for (const r of relations.values()) {
      const [src, rel, dst] = splitEdgeKey(r.key);
      const fwd = rel.startsWith('rev_') ? relations.get(`${dst}__${rel.slice(4)}__${src}`) : undefined;
      if (!fwd || fwd.reverseOf) continue;
      if (init.ttl?.[r.key] !== undefined && r.ttl !== fwd.ttl) {
        throw new Error(
          `schema: ttl for relation '${r.key}' is ${r.ttl}, but it is the reverse of '${fwd.key}' (ttl ${fwd.ttl}) and shares its edges: set the ttl on '${fwd.key}' alone, or leave deriveReverse off`,
        );
      }
      const shared = sharedEdgeData(r, fwd);
      relations.set(fwd.key, { ...fwd, ...shared });
      relations.set(r.key, { ...r, ...shared, ttl: fwd.ttl, reverseOf: fwd.key });
    }
  }
  const schema = { nodeTypes, relations };
  checkSchemaWidth(schema);
  return schema;
}

function setEdgeData(relations: Map<string, RelationSpec>, init: SchemaInit): void {
  const spec = (key: string, what: string): RelationSpec => {
    const r = relations.get(key);
    if (!r)
      throw new Error(`schema: ${what} for relation '${key}', which is not one of ${[...relations.keys()].join(', ')}`);
    return r;
  };
  for (const [key, w] of Object.entries(init.edgeAttr ?? {})) {
    const r = spec(key, 'edgeAttr');
    if (!Number.isInteger(w) || w < 0 || w > MAX_EDGE_ATTR)
      throw new Error(
        `schema: edgeAttr for relation '${key}' is ${w}, expected an integer in [0, ${MAX_EDGE_ATTR}] (0: no attributes)`,
      );
    relations.set(key, { ...r, edgeAttr: w });
  }
  for (const [key, w] of Object.entries(init.edgeWeight ?? {})) {
    const r = spec(key, 'edgeWeight');
    if (typeof w !== 'boolean')
      throw new Error(`schema: edgeWeight for relation '${key}' is ${JSON.stringify(w)}, expected true or false`);
    relations.set(key, { ...r, edgeWeight: w });
  }
}

/** Edge attributes an edge may carry: far more than any model's edge_dim, few enough that a record's op stays small. */
const MAX_EDGE_ATTR = 1024;

/** A derived reverse stores nothing of its own: it and its forward carry the edge data either states. */
function sharedEdgeData(rev: RelationSpec, fwd: RelationSpec): Pick<RelationSpec, 'edgeAttr' | 'edgeWeight'> {
  if (rev.edgeAttr > 0 && fwd.edgeAttr > 0 && rev.edgeAttr !== fwd.edgeAttr)
    throw new Error(
      `schema: edgeAttr for relation '${rev.key}' is ${rev.edgeAttr}, but it is the reverse of '${fwd.key}' (edgeAttr ${fwd.edgeAttr}) and shares its edges: give both one width, or leave deriveReverse off`,
    );
  return { edgeAttr: Math.max(rev.edgeAttr, fwd.edgeAttr), edgeWeight: rev.edgeWeight || fwd.edgeWeight };
}
