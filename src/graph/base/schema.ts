import { HOMO_NODE, HOMO_REL, splitEdgeKey } from '../../tensor/batch.ts';

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
    relations.set(key, { key, src, dst, ttl: Infinity });
  }
  for (const [key, ttl] of Object.entries(init.ttl ?? {})) {
    const spec = relations.get(key);
    if (!spec)
      throw new Error(`schema: ttl for relation '${key}', which is not one of ${[...relations.keys()].join(', ')}`);
    if (!(ttl > 0))
      throw new Error(`schema: ttl for relation '${key}' is ${ttl}, expected seconds > 0 (or omit it for no expiry)`);
    relations.set(key, { ...spec, ttl });
  }
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
      relations.set(r.key, { ...r, ttl: fwd.ttl, reverseOf: fwd.key });
    }
  }
  const schema = { nodeTypes, relations };
  checkSchemaWidth(schema);
  return schema;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/**
 * The default schema: a model.json's `graph` section (node_types, edge_types; 'homogeneous'
 * gives node type 'node' and relation 'node__to__node'). Feature widths come from `widths`,
 * else from the first layer's in_channels ([src, dst] per relation), which is where a
 * weft-model/1 file states them.
 */
export function schemaFromModelJson(
  spec: Json,
  widths: Record<string, number> = {},
  ttl?: Record<string, number>,
  deriveReverse?: boolean,
): Schema {
  const g = (spec as { graph?: Json }).graph;
  let types: string[], rels: (string | [string, string, string])[];
  if (g === undefined || g === 'homogeneous') {
    // PyG's homogeneous layout, as the engine names it: one node type, one relation.
    types = [HOMO_NODE];
    rels = [HOMO_REL];
  } else if (g !== null && typeof g === 'object' && !Array.isArray(g)) {
    types = g.node_types as string[];
    rels = g.edge_types as [string, string, string][];
  } else {
    throw new Error(
      `model.json: field 'graph' is ${JSON.stringify(g)}, expected 'homogeneous' or {node_types, edge_types}`,
    );
  }
  const found: Record<string, number> = { ...inferWidths(spec), ...widths };
  const nodeTypes: Record<string, number> = {};
  for (const t of types) {
    if (found[t] === undefined) throw new Error(`model.json: no feature width for node type '${t}': pass it in widths`);
    nodeTypes[t] = found[t];
  }
  return makeSchema({ nodeTypes, relations: rels, ttl, deriveReverse });
}

function inferWidths(spec: Json): Record<string, number> {
  const first = ((spec as { layers?: Json[] }).layers ?? [])[0] as
    | { convs?: Record<string, { in_channels?: Json }>; in_channels?: Json }
    | undefined;
  const out: Record<string, number> = {};
  const convs = first?.convs ?? (first?.in_channels !== undefined ? { [HOMO_REL]: first } : {});
  for (const [key, conv] of Object.entries(convs)) {
    const [src, , dst] = splitEdgeKey(key);
    const c = conv.in_channels;
    if (Array.isArray(c) && typeof c[0] === 'number' && typeof c[1] === 'number') {
      out[src] ??= c[0];
      out[dst] ??= c[1];
    } else if (typeof c === 'number') {
      out[src] ??= c;
      out[dst] ??= c;
    }
  }
  return out;
}
