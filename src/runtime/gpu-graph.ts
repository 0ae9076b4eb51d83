import type { Csr } from '../tensor/csr.ts';
import type { GpuRun } from './gpu-run.ts';
import type { GraphShape } from './ops.ts';

/**
 * CSR by destination in one u32 buffer, [rowptr (numDst+1) | col (nnz) | eid (nnz) | row (nnz) | hub
 * rows], so a kernel binds the whole graph as one storage buffer (Chromium allows 10 per stage,
 * SwiftShader's default limit is 8). `row` is each slot's destination, for per-slot kernels: a binary
 * search over rowptr is 13 dependent loads a slot (GATv2 at 5k nodes, 55k slots, H=4, C=16: 179 ms
 * with it, 72 with `row`; A/B runs on 2 × AMD EPYC, 2 cores, SwiftShader, 25 Nov 2026).
 * Rows longer than hubMin are listed at hubOff and reduced by a workgroup each.
 */
export interface GpuGraph extends GraphShape {
  readonly buffer: GPUBuffer;
  readonly run: GpuRun;
  readonly colOff: number;
  readonly eidOff: number;
  readonly rowOff: number;
  readonly hubOff: number;
  readonly numHubs: number;
  readonly hubMin: number;
}

/**
 * Rows with more in-edges than this are reduced by a workgroup each; shorter rows by one invocation.
 * A 2,000-edge hub on one invocation would serialise the whole launch behind it.
 */
const HUB_MIN = 256;

/**
 * Pack a host CSR into one buffer. The CSR is built on the host, not on the GPU: batches come from
 * the sampler and the store already by destination, and a GPU build would upload the same edge
 * list (2 ints per edge, as col + eid are) and then sort it without atomics in several passes.
 * Measured by `npm run bench -- kernels` (10k nodes, 103k edges) on 2 × AMD EPYC, 2 cores,
 * SwiftShader, 25 Nov 2026: counting sort on the host 3.5 ms; pack (with each slot's row), upload
 * and a round trip 1.3-4.8 ms over runs; a GPU sort could only add to the upload.
 */
export function gpuGraph(run: GpuRun, c: Csr): GpuGraph {
  const n = c.numDst,
    nnz = c.col.length;
  const hubs: number[] = [];
  for (let i = 0; i < n; i++) if (c.rowptr[i + 1] - c.rowptr[i] > HUB_MIN) hubs.push(i);
  const colOff = n + 1,
    eidOff = colOff + nnz,
    rowOff = eidOff + nnz,
    hubOff = rowOff + nnz;
  const data = new Uint32Array(hubOff + hubs.length);
  data.set(c.rowptr, 0);
  data.set(c.col, colOff);
  data.set(c.eid, eidOff);
  for (let i = 0; i < n; i++) data.fill(i, rowOff + c.rowptr[i], rowOff + c.rowptr[i + 1]);
  data.set(hubs, hubOff);
  return {
    numSrc: c.numSrc,
    numDst: n,
    numEdges: c.numEdges,
    nnz,
    run,
    buffer: run.upload(data),
    colOff,
    eidOff,
    rowOff,
    hubOff,
    numHubs: hubs.length,
    hubMin: HUB_MIN,
  };
}
