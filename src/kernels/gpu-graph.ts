import type { Csr } from '../tensor/csr.ts';
import type { GpuGraph, GpuRun } from './gpu-run.ts';

/**
 * Rows with more in-edges than this are reduced by a workgroup each; shorter rows by one invocation.
 * A 2,000-edge hub on one invocation would serialise the whole launch behind it.
 */
export const HUB_MIN = 256;

/**
 * Pack a host CSR into one buffer. The CSR is built on the host, not on the GPU: the sampler and the
 * graph store already hold edges by destination, so a batch arrives as CSR and only needs the upload;
 * rebuilding it on the GPU would need a sort (radix or atomics) and only moves the same bytes.
 * Measured on fixture-sized graphs the host pack is a small fraction of the upload (bench/kernels.ts).
 */
export function gpuGraph(run: GpuRun, c: Csr): GpuGraph {
  const n = c.numDst, nnz = c.col.length;
  const hubs: number[] = [];
  for (let i = 0; i < n; i++) if (c.rowptr[i + 1] - c.rowptr[i] > HUB_MIN) hubs.push(i);
  const colOff = n + 1, eidOff = colOff + nnz, hubOff = eidOff + nnz;
  const data = new Uint32Array(hubOff + hubs.length);
  data.set(c.rowptr, 0);
  data.set(c.col, colOff);
  data.set(c.eid, eidOff);
  data.set(hubs, hubOff);
  return {
    numSrc: c.numSrc, numDst: n, numEdges: c.numEdges, nnz, run,
    buffer: run.upload(data), colOff, eidOff, hubOff, numHubs: hubs.length, hubMin: HUB_MIN,
  };
}
