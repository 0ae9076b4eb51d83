import type { Csr } from '../tensor/csr.ts';
import type { GpuGraph, GpuRun } from './gpu-run.ts';

/**
 * Rows with more in-edges than this are reduced by a workgroup each; shorter rows by one invocation.
 * A 2,000-edge hub on one invocation would serialise the whole launch behind it.
 */
export const HUB_MIN = 256;

/**
 * Pack a host CSR into one buffer. The CSR is built on the host, not on the GPU: batches come from
 * the sampler and the store already by destination, and a GPU build would upload the same edge
 * list (2 ints per edge, as col + eid are) and then sort it without atomics in several passes.
 * Measured (bench/kernels.ts, SwiftShader, 10k nodes, 103k edges): counting sort on the host
 * 3.5 ms; pack (with each slot's row), upload and a round trip 1.3-4.8 ms over runs on this shared
 * machine; a GPU sort could only add to the upload.
 */
export function gpuGraph(run: GpuRun, c: Csr): GpuGraph {
  const n = c.numDst, nnz = c.col.length;
  const hubs: number[] = [];
  for (let i = 0; i < n; i++) if (c.rowptr[i + 1] - c.rowptr[i] > HUB_MIN) hubs.push(i);
  const colOff = n + 1, eidOff = colOff + nnz, rowOff = eidOff + nnz, hubOff = rowOff + nnz;
  const data = new Uint32Array(hubOff + hubs.length);
  data.set(c.rowptr, 0);
  data.set(c.col, colOff);
  data.set(c.eid, eidOff);
  for (let i = 0; i < n; i++) data.fill(i, rowOff + c.rowptr[i], rowOff + c.rowptr[i + 1]);
  data.set(hubs, hubOff);
  return {
    numSrc: c.numSrc, numDst: n, numEdges: c.numEdges, nnz, run,
    buffer: run.upload(data), colOff, eidOff, rowOff, hubOff, numHubs: hubs.length, hubMin: HUB_MIN,
  };
}
