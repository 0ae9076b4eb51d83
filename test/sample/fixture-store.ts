// Shared by the exactness tests: a fixture graph loaded into a store, store index = fixture row.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GraphEvent, GraphOp } from '../../src/graph/ingest/events.ts';
import { schemaFromModelJson } from '../../src/graph/base/model-schema.ts';
import { GraphStore } from '../../src/graph/store.ts';
import type { Batch, EdgeSet } from '../../src/tensor/batch.ts';
import { buildCsr } from '../../src/tensor/csr.ts';

// Same math, different summation order (sampled rows list edges in another order): f32 rounding only.
export const REL_TOL = 1e-5;

/** The fixture graph with duplicate edges collapsed: a store keeps one edge per (src, relation, dst). */
export function dedup(g: Batch): Batch {
  const edges = new Map<string, EdgeSet>();
  for (const [k, es] of g.edges) {
    const c = es.csr,
      seen = new Set<number>(),
      s: number[] = [],
      d: number[] = [];
    for (let i = 0; i < c.numDst; i++) {
      for (let j = c.rowptr[i]; j < c.rowptr[i + 1]; j++) {
        if (seen.has(c.col[j] * c.numDst + i)) continue;
        seen.add(c.col[j] * c.numDst + i);
        s.push(c.col[j]);
        d.push(i);
      }
    }
    edges.set(k, { ...es, csr: buildCsr(Int32Array.from(s), Int32Array.from(d), c.numSrc, c.numDst) });
  }
  return { ...g, edges };
}

/** Nodes upserted in index order, so store index = fixture row; then every edge, in batches. */
export function load(g: Batch, dir: string): GraphStore {
  // Widths from the graph: a GIN layer's in_channels sit in its inner MLP, where the schema does not look.
  const widths = Object.fromEntries([...g.x].map(([t, x]) => [t, x.cols]));
  const store = new GraphStore(schemaFromModelJson(JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')), widths));
  const events: GraphEvent[] = [];
  for (const [t, x] of g.x) {
    for (let r = 0; r < x.rows; r++)
      events.push({
        id: `n-${t}-${r}`,
        time: 100,
        ops: [{ op: 'upsert_node', type: t, id: `${t}${r}`, x: [...x.data.subarray(r * x.cols, (r + 1) * x.cols)] }],
      });
  }
  for (const [k, es] of g.edges) {
    const c = es.csr;
    const ops: GraphOp[] = [];
    for (let i = 0; i < c.numDst; i++)
      for (let j = c.rowptr[i]; j < c.rowptr[i + 1]; j++)
        ops.push({ op: 'add_edge', rel: k, src: `${es.src}${c.col[j]}`, dst: `${es.dst}${i}` });
    for (let at = 0; at < ops.length; at += 500)
      events.push({ id: `e-${k}-${at}`, time: 100, ops: ops.slice(at, at + 500) });
  }
  store.ingest(events);
  return store;
}
