import { HOMO_NODE } from '../tensor/batch.ts';
import type { Json } from './fields.ts';

/** model.json's `graph`: homogeneous (one node type, one relation), or the node and edge types a heterogeneous model was built for. */
export interface GraphSpec {
  readonly hetero: boolean;
  readonly nodeTypes: readonly string[];
  /** `src__rel__dst`, as a batch keys its relations. */
  readonly edgeTypes: readonly string[];
}

export function parseGraph(g: Json | undefined, where: string): GraphSpec {
  if (g === 'homogeneous' || g === undefined)
    return { hetero: false, nodeTypes: [HOMO_NODE], edgeTypes: [`${HOMO_NODE}__to__${HOMO_NODE}`] };
  if (g === null || typeof g !== 'object' || Array.isArray(g))
    throw new Error(
      `${where}: field 'graph' is ${JSON.stringify(g)}, expected 'homogeneous' or {node_types, edge_types}`,
    );
  const nt = g.node_types;
  const et = g.edge_types;
  if (!Array.isArray(nt) || !nt.every((t) => typeof t === 'string'))
    throw new Error(`${where}: graph.node_types is ${JSON.stringify(nt)}, expected a list of names`);
  if (
    !Array.isArray(et) ||
    !et.every((e) => Array.isArray(e) && e.length === 3 && e.every((p) => typeof p === 'string'))
  ) {
    throw new Error(`${where}: graph.edge_types is ${JSON.stringify(et)}, expected a list of [src, rel, dst]`);
  }
  return { hetero: true, nodeTypes: nt as string[], edgeTypes: (et as string[][]).map((e) => e.join('__')) };
}
