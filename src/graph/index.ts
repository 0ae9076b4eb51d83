/**
 * The graph store's door: what sample/ (and later schedule/, serve/) import from graph/, and
 * nothing else of graph/. Browser-safe: no module reachable from here imports `node:`; the
 * Node-only parts (DurableStore, the maintenance worker) are behind index.node.ts.
 *
 * graph/ is in rooms; a room imports only rooms before it in this list, never after, and no
 * import circle exists (type-only imports included):
 *   base/     columns, hashing, id bytes, edge slot layout, schema, maintenance kernels (CSR rows, and
 *             their order by weight), Maintainer
 *   nodes/    string ids, features (imports base)
 *   edges/    edge table, edge data and its weights changed since a merge, adjacency and its reader,
 *             edge hash, relations (imports base)
 *   ingest/   events, limits, validate, the batch record (layout, reader, writer), its byte check, room check,
 *             encoder, apply (its rounds, delete_node's edges), event ids (imports base, nodes, edges)
 *   store.ts  GraphStore (imports the rooms above)
 *   worker/   the maintenance worker thread, Node only (imports base)
 *   durable/  write-ahead log (format, scan, the replay plan), checkpoint, directory lock, snapshots
 *             and their retention, DurableStore, store check and repair, Node only (imports all of the above)
 *   index.ts, index.node.ts: the doors.
 */
export { GraphStore, type Applied } from './store.ts';
export type { RelationView } from './edges/relation-view.ts';
export { Neighbours } from './edges/neighbours.ts';
export { liveIndex } from './nodes/node-table.ts';
export type { EdgeData } from './edges/edge-data.ts';
export { makeSchema, type RelationSpec, type Schema, type SchemaInit } from './base/schema.ts';
export { schemaFromModelJson } from './base/model-schema.ts';
export type { GraphEvent, GraphOp } from './ingest/events.ts';
export { EventEncoder } from './ingest/event-encoder.ts';
