import { HOMO_NODE, HOMO_REL, splitEdgeKey } from '../../tensor/batch.ts';
import { makeSchema, type Schema, type SchemaInit } from './schema.ts';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Conv = { [k: string]: Json };

/**
 * The default schema: a model.json's `graph` section (node_types, edge_types; 'homogeneous'
 * gives node type 'node' and relation 'node__to__node'). Feature widths come from `widths`,
 * else from the first layer's in_channels ([src, dst] per relation; a GIN or GINE conv's sit in
 * its `nn`), which is where a weft-model/1 file states them. Edge data per relation is what any
 * layer reads (`edge_dim`, `uses_edge_weight`), plus what `edges` adds.
 */
export function schemaFromModelJson(
  spec: Json,
  widths: Record<string, number> = {},
  ttl?: Record<string, number>,
  deriveReverse?: boolean,
  edges: Pick<SchemaInit, 'edgeAttr' | 'edgeWeight'> = {},
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
  const read = edgeDataRead(spec);
  return makeSchema({
    nodeTypes,
    relations: rels,
    ttl,
    deriveReverse,
    edgeAttr: { ...read.edgeAttr, ...edges.edgeAttr },
    edgeWeight: { ...read.edgeWeight, ...edges.edgeWeight },
  });
}

/** Each layer's convs by relation: a HeteroConv's `convs`, else the layer itself on the homogeneous relation. */
function convsOf(layer: Json): [string, Conv][] {
  if (layer === null || typeof layer !== 'object' || Array.isArray(layer)) return [];
  const convs = layer.convs;
  if (convs !== null && typeof convs === 'object' && !Array.isArray(convs))
    return Object.entries(convs).filter((e): e is [string, Conv] => e[1] !== null && typeof e[1] === 'object');
  return [[HOMO_REL, layer]];
}

function layersOf(spec: Json): Json[] {
  const l = (spec as { layers?: Json }).layers;
  return Array.isArray(l) ? l : [];
}

function inferWidths(spec: Json): Record<string, number> {
  const out: Record<string, number> = {};
  const first = layersOf(spec)[0];
  if (first === undefined) return out;
  for (const [key, conv] of convsOf(first)) {
    const [src, , dst] = splitEdgeKey(key);
    const nn = conv.nn;
    // GIN and GINE state no in_channels of their own: their nn's first Linear reads x.
    const c = conv.in_channels ?? (Array.isArray(nn) ? (nn[0] as Conv | undefined)?.in_channels : undefined);
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

/**
 * The edge data a model's layers read, per relation: the attribute width its convs state
 * (`edge_dim`), and whether one uses edge weights (`uses_edge_weight`). Two layers that state
 * different widths for one relation cannot both read its one `edge_attr`.
 */
function edgeDataRead(spec: Json): Required<Pick<SchemaInit, 'edgeAttr' | 'edgeWeight'>> {
  const edgeAttr: Record<string, number> = {},
    edgeWeight: Record<string, boolean> = {};
  for (const layer of layersOf(spec)) {
    for (const [key, conv] of convsOf(layer)) {
      const d = conv.edge_dim;
      if (typeof d === 'number' && d > 0) {
        if (edgeAttr[key] !== undefined && edgeAttr[key] !== d)
          throw new Error(
            `model.json: relation '${key}': layers state edge_dim ${edgeAttr[key]} and ${d}, expected one width (one edge_attr per relation)`,
          );
        edgeAttr[key] = d;
      }
      if (conv.uses_edge_weight === true) edgeWeight[key] = true;
    }
  }
  return { edgeAttr, edgeWeight };
}
