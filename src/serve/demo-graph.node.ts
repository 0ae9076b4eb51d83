import type { DurableStore } from '../graph/index.node.ts';
import type { GraphOp, RelationSpec } from '../graph/index.ts';
import type { EdgeSet } from '../tensor/batch.ts';
import { loadGraph } from '../model/load.node.ts';
import type { Mat } from '../tensor/mat.ts';

/** The demo's ids: `<type>-<row>` (`account-17`), so answers carry ids, never bare rows. */
export const demoId = (type: string, row: number): string => `${type}-${row}`;

const OPS_PER_EVENT = 2000;

/**
 * A graph file (fixture layout) into an empty store as events: every node's features, then every
 * edge of each relation that is not derived from another (`rev_` relations are the store's own
 * reverses), a few thousand ops an event. Returns the nodes and edges written.
 */
export async function loadGraphFile(
  ds: DurableStore,
  file: string,
  progress: (m: string) => void,
): Promise<{ nodes: number; edges: number }> {
  const g = await loadGraph(file);
  const time = Math.floor(Date.now() / 1000);
  let nodes = 0,
    edges = 0,
    k = 0;
  const send = async (ops: GraphOp[]) => {
    for (let at = 0; at < ops.length; at += OPS_PER_EVENT)
      await ds.ingest([{ id: `graph-file-${k++}`, time, ops: ops.slice(at, at + OPS_PER_EVENT) }]);
  };
  for (const [type, x] of g.x) {
    await send(Array.from({ length: x.rows }, (_, r) => upsert(type, r, x)));
    nodes += x.rows;
  }
  for (const [key, es] of g.edges) {
    const r = ds.store.schema.relations.get(key);
    if (!r) throw new Error(`${file}: relation '${key}' is not in the model's graph`);
    if (r.reverseOf) continue;
    const ops: GraphOp[] = [];
    const c = es.csr;
    for (let i = 0; i < c.numDst; i++)
      for (let j = c.rowptr[i]; j < c.rowptr[i + 1]; j++)
        ops.push({
          op: 'add_edge',
          rel: key,
          src: demoId(es.src, c.col[j]),
          dst: demoId(es.dst, i),
          ...edgeData(r, es, c.eid[j], file),
        });
    await send(ops);
    edges += ops.length;
    progress(`${key}: ${ops.length} edges`);
  }
  return { nodes, edges };
}

/** The edge data (weight, attributes) of edge e that the relation carries: from the file's edge_weight / edge_attr. */
function edgeData(r: RelationSpec, es: EdgeSet, e: number, file: string): { w?: number; attr?: number[] } {
  if (!r.edgeWeight && r.edgeAttr === 0) return {};
  const a = es.edgeAttr;
  if ((r.edgeWeight && !es.edgeWeight) || (r.edgeAttr > 0 && a?.cols !== r.edgeAttr))
    throw new Error(
      `${file}: relation '${r.key}': the store's edges carry ${r.edgeWeight ? 'a weight and ' : ''}${r.edgeAttr} attributes, but the file has ${es.edgeWeight ? 'edge_weight and ' : ''}edge_attr of width ${a?.cols ?? 0}`,
    );
  return {
    ...(r.edgeWeight && { w: es.edgeWeight![e] }),
    ...(r.edgeAttr > 0 && { attr: [...a!.data.subarray(e * a!.cols, (e + 1) * a!.cols)] }),
  };
}

function upsert(type: string, r: number, x: Mat): GraphOp {
  return { op: 'upsert_node', type, id: demoId(type, r), x: [...x.data.subarray(r * x.cols, (r + 1) * x.cols)] };
}
