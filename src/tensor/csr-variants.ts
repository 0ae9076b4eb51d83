import { edgeRowsCsr, filterCsr, withSelfLoops, type Csr } from './csr.ts';
import { memo } from '../util/memo.ts';

/**
 * Derived CSRs (self loops added or removed, one relation of an RGCN edge_type), memoised on
 * the batch's own Csr object: every layer of a model and every run on the same batch share them.
 */
const cache = new WeakMap<Csr, Map<string, Csr>>();

function derive(csr: Csr, name: string, make: () => Csr): Csr {
  return memo(
    memo(cache, csr, () => new Map<string, Csr>()),
    name,
    make,
  );
}

/** GAT: remove_self_loops + add_self_loops. */
export const loopsReplaced = (c: Csr): Csr => derive(c, 'loops-replace', () => withSelfLoops(c, 'replace'));
/** GCN: add_remaining_self_loops. */
export const loopsRemaining = (c: Csr): Csr => derive(c, 'loops-remaining', () => withSelfLoops(c, 'remaining'));
/** remove_self_loops, then rows over edge ids: reduces edge attributes per target (GAT's loop fill_value). */
export const loopFreeEdgeRows = (c: Csr): Csr =>
  derive(c, 'loop-free-edge-rows', () => edgeRowsCsr(filterCsr(c, (_e, s, d) => s !== d)));
/** Edges of relation r (RGCN's masked_edge_index(edge_index, edge_type == r)). */
export const ofType = (c: Csr, edgeType: Int32Array, r: number): Csr =>
  derive(c, `type-${r}`, () => filterCsr(c, (e) => edgeType[e] === r));
