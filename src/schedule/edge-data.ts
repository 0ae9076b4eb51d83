import type { Schema } from '../graph/index.ts';
import type { Model } from '../model/model.ts';

/**
 * Throw unless the store holds every edge datum the model reads, per relation: its attribute
 * width and its weights. Served from a store without them, a GATConv with edge_dim would run
 * without its edge term and score differently, silently; a GINEConv or a GCNConv with
 * edge weights would fail on every request instead of at start.
 */
export function checkEdgeData(model: Model, schema: Schema): void {
  for (const [rel, want] of model.edgeReads) {
    const r = schema.relations.get(rel);
    if (!r) continue;
    const where = `model '${model.name}': relation '${rel}'`;
    if (want.attr !== 0 && (r.edgeAttr === 0 || (want.attr > 0 && r.edgeAttr !== want.attr)))
      throw new Error(
        `${where}: its layers read edge_attr${want.attr > 0 ? ` of width ${want.attr}` : ''}, but the store's edges carry ${r.edgeAttr === 0 ? 'no attributes' : `${r.edgeAttr} attributes`}: give the store's schema edgeAttr ${want.attr > 0 ? want.attr : '(the width)'} for '${rel}' (schemaFromModelJson derives it from edge_dim)`,
      );
    if (want.weight && !r.edgeWeight)
      throw new Error(
        `${where}: its layers read edge_weight (uses_edge_weight), but the store's edges carry no weight: give the store's schema edgeWeight true for '${rel}'`,
      );
  }
}
