import type { Csr } from '../tensor/csr.ts';
import type { GraphShape } from './ops.ts';

/** The CPU backend's graph handle: the host CSR itself. */
export type CpuGraph = Csr & GraphShape;

export function cpuGraph(c: Csr): CpuGraph {
  return { ...c, nnz: c.col.length };
}
