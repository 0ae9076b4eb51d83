import type { Csr } from '../tensor/csr.ts';
import type { Mat } from '../tensor/mat.ts';
import { cpuGraph, type CpuGraph } from '../runtime/cpu-graph.ts';
import { CPU_KERNELS } from '../kernels/index.ts';
import type { Backend, Session } from '../runtime/ops.ts';
import { memo } from '../util/memo.ts';

/** The pure-TypeScript backend: the kernels' twins on host memory. The oracle, and the fast path for tiny batches. */
export class CpuBackend implements Backend {
  readonly name = 'cpu';
  readonly description =
    `cpu (TypeScript, ${typeof process !== 'undefined' ? `node ${process.versions.node}` : 'browser'})`;

  session(): Session {
    const graphs = new WeakMap<Csr, CpuGraph>();
    const session: Session<Mat, CpuGraph> = {
      ...CPU_KERNELS,
      backend: 'cpu',
      input: (m) => m,
      param: (m) => m,
      graph: (c) => memo(graphs, c, () => cpuGraph(c)),
      read: async (t) => t,
      end: () => {},
    };
    return session as unknown as Session;
  }
}
