import type { Csr } from './csr.ts';
import type { Mat } from './mat.ts';

/** Node type and relation names that a homogeneous graph is given inside the engine. */
export const HOMO_NODE = 'node';
export const HOMO_REL = 'node__to__node';

export interface EdgeSet {
  /** `src__rel__dst`. */
  readonly key: string;
  readonly src: string;
  readonly rel: string;
  readonly dst: string;
  readonly csr: Csr;
  /** [E, D] in original edge order (read through csr.eid). */
  readonly edgeAttr?: Mat;
  /** [E] in original edge order. */
  readonly edgeWeight?: Float32Array;
  /** [E] relation id per edge (RGCN), original edge order. */
  readonly edgeType?: Int32Array;
}

/** The engine's input: features per node type, CSR by destination per relation, optional target rows. */
export interface Batch {
  readonly homogeneous: boolean;
  readonly x: ReadonlyMap<string, Mat>;
  readonly edges: ReadonlyMap<string, EdgeSet>;
  /** Rows of x whose outputs are wanted, per node type; every row when absent. */
  readonly targets?: ReadonlyMap<string, Int32Array>;
  /**
   * A sampled batch's rows in hop order (targets first): per node type, entry h counts its rows
   * first reached within h hops. A model then computes, at each layer, only the rows that later
   * layers read (PyG's trim_to_layer); absent, every layer computes every row.
   */
  readonly hopRows?: ReadonlyMap<string, Int32Array>;
}

/** Rows over every node type, and edges over every relation. */
export function batchSize(b: Batch): { nodes: number; edges: number } {
  let nodes = 0,
    edges = 0;
  for (const m of b.x.values()) nodes += m.rows;
  for (const e of b.edges.values()) edges += e.csr.numEdges;
  return { nodes, edges };
}

export function splitEdgeKey(key: string): [string, string, string] {
  const parts = key.split('__');
  if (parts.length !== 3 || parts.some((p) => p.length === 0)) {
    throw new Error(`edge type '${key}': expected 'src__rel__dst'`);
  }
  return parts as [string, string, string];
}
