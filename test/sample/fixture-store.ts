// Shared by the exactness tests: a fixture graph loaded into a store, store index = fixture row.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GraphEvent, GraphOp } from '../../src/graph/ingest/events.ts';
import { schemaFromModelJson } from '../../src/graph/base/model-schema.ts';
import type { Schema } from '../../src/graph/base/schema.ts';
import { GraphStore } from '../../src/graph/store.ts';
import type { Batch, EdgeSet } from '../../src/tensor/batch.ts';
import { mat, type Mat } from '../../src/tensor/mat.ts';
import { buildCsr } from '../../src/tensor/csr.ts';

// Same math, different summation order (sampled rows list edges in another order): f32 rounding only.
export const REL_TOL = 1e-5;

/**
 * The fixture graph with duplicate edges collapsed: a store keeps one edge per (src, relation,
 * dst), and a re-add replaces its edge data, so each edge keeps its last occurrence's (in CSR
 * order, the order `load` adds them).
 */
export function dedup(g: Batch): Batch {
  const edges = new Map<string, EdgeSet>();
  for (const [k, es] of g.edges) {
    const c = es.csr,
      at = new Map<number, number>(),
      s: number[] = [],
      d: number[] = [],
      from: number[] = [];
    for (let i = 0; i < c.numDst; i++) {
      for (let j = c.rowptr[i]; j < c.rowptr[i + 1]; j++) {
        const key = c.col[j] * c.numDst + i,
          seen = at.get(key);
        if (seen !== undefined) {
          from[seen] = c.eid[j];
          continue;
        }
        at.set(key, s.length);
        s.push(c.col[j]);
        d.push(i);
        from.push(c.eid[j]);
      }
    }
    const a = es.edgeAttr,
      w = es.edgeWeight;
    edges.set(k, {
      key: es.key,
      src: es.src,
      rel: es.rel,
      dst: es.dst,
      csr: buildCsr(Int32Array.from(s), Int32Array.from(d), c.numSrc, c.numDst),
      ...(a && {
        edgeAttr: mat(from.length, a.cols, Float32Array.from(from.flatMap((e) => [...row(a, e)]))),
      }),
      ...(w && { edgeWeight: Float32Array.from(from, (e) => w[e]) }),
    });
  }
  return { ...g, edges };
}

const row = (m: Mat, r: number): Float32Array => m.data.subarray(r * m.cols, (r + 1) * m.cols);

/** Edge (CSR position j) of es as an add_edge, with the edge data the store's relation carries. */
function addOp(schema: Schema, es: EdgeSet, j: number, i: number): GraphOp {
  const c = es.csr,
    e = c.eid[j],
    spec = schema.relations.get(es.key)!;
  return {
    op: 'add_edge',
    rel: es.key,
    src: `${es.src}${c.col[j]}`,
    dst: `${es.dst}${i}`,
    ...(spec.edgeAttr > 0 && { attr: [...row(es.edgeAttr!, e)] }),
    ...(spec.edgeWeight && { w: es.edgeWeight![e] }),
  };
}

/** Nodes upserted in index order, so store index = fixture row; then every edge, in batches. */
export function load(g: Batch, dir: string): GraphStore {
  const store = new GraphStore(fixtureSchema(g, dir));
  store.ingest(fixtureEvents(g, store.schema));
  return store;
}

/** The model's schema, widths from the graph: a model's first layer may read fewer features than the graph has. */
export function fixtureSchema(g: Batch, dir: string): Schema {
  const widths = Object.fromEntries([...g.x].map(([t, x]) => [t, x.cols]));
  return schemaFromModelJson(JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')), widths);
}

/** The graph as events: nodes in index order, then its edges (with the edge data the schema carries), 500 an event. */
export function fixtureEvents(g: Batch, schema: Schema): GraphEvent[] {
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
      for (let j = c.rowptr[i]; j < c.rowptr[i + 1]; j++) ops.push(addOp(schema, es, j, i));
    for (let at = 0; at < ops.length; at += 500)
      events.push({ id: `e-${k}-${at}`, time: 100, ops: ops.slice(at, at + 500) });
  }
  return events;
}
