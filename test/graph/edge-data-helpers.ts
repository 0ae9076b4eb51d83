// Shared by the edge data tests: a schema whose payments carry an amount and a channel (attr) and
// a weight, whose device links carry a weight only, and whose other relations carry nothing.
import { makeSchema, type Schema } from '../../src/graph/base/schema.ts';
import type { GraphEvent, GraphOp } from '../../src/graph/ingest/events.ts';
import type { GraphStore } from '../../src/graph/store.ts';
import { PAYS, REV_PAYS, REV_USES, USES, crashBatch } from './helpers.ts';

export function edgeSchema(deriveReverse = false): Schema {
  return makeSchema({
    nodeTypes: { account: 4, device: 2, merchant: 3 },
    relations: [USES, REV_USES, PAYS, REV_PAYS],
    deriveReverse,
    edgeAttr: { [PAYS]: 2 },
    edgeWeight: { [PAYS]: true, [USES]: true },
  });
}

export const pay = (src: string, dst: string, w: number, attr: number[]): GraphOp => ({
  op: 'add_edge',
  rel: PAYS,
  src,
  dst,
  w,
  attr,
});

/** The stored data of edge (src, rel, dst) (its weight, then its attributes), or undefined when it is not there. */
export function dataOf(store: GraphStore, rel: string, src: string, dst: string): number[] | undefined {
  const r = store.relations.get(rel)!;
  const s = store.nodes.get(r.srcType)!.ids.lookup(src),
    d = store.nodes.get(r.dstType)!.ids.lookup(dst);
  const e = s < 0 || d < 0 ? -1 : r.find(s, d);
  if (e < 0 || !r.data) return undefined;
  return Array.from({ length: r.data.words }, (_, k) => r.data!.get(e, k));
}

/** crashBatch (helpers.ts) with edge data that names k too: each payment's weight k and attributes [k, -k]; each device link's weight k + 0.5. */
export function crashBatchWithData(k: number): GraphEvent[] {
  return crashBatch(k).map((e) => ({
    ...e,
    ops: e.ops.map((op) =>
      op.op !== 'add_edge' || op.rel === REV_PAYS
        ? op
        : op.rel === PAYS
          ? { ...op, w: k, attr: [k, -k] }
          : { ...op, w: k + 0.5 },
    ),
  }));
}
