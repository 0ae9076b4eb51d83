import { CPU_KERNELS } from '../kernels/index.ts';
import type { CpuGraph } from '../runtime/cpu-graph.ts';
import type { Backend, Kernels, Session } from '../runtime/ops.ts';
import type { Csr } from '../tensor/csr.ts';
import { mat, type Mat } from '../tensor/mat.ts';
import { Arena } from './arena.ts';

/**
 * The pure-TypeScript backend: the kernels' twins on host memory. The oracle, and the fast path
 * for tiny batches. Each session's kernels write into its own Arena; ended sessions are kept and
 * handed out again, so scoring makes no garbage but the copies `read` returns.
 */
export class CpuBackend implements Backend {
  readonly name = 'cpu';
  readonly description =
    `cpu (TypeScript, ${typeof process !== 'undefined' ? `node ${process.versions.node}` : 'browser'})`;
  private readonly idle: Pooled[] = [];

  session(): Session {
    const p = this.idle.pop() ?? this.open();
    p.live = true;
    return p.session;
  }

  private open(): Pooled {
    const arena = new Arena();
    const kernels = Object.fromEntries(
      Object.entries(CPU_KERNELS).map(([op, f]) => [
        op,
        (args: never) => (f as (a: never, o: unknown) => Mat)(args, arena.take),
      ]),
    ) as unknown as Kernels<Mat, CpuGraph>;
    const pooled: Pooled = { live: true, session: undefined as unknown as Session };
    const session: Session<Mat, CpuGraph> = {
      ...kernels,
      backend: 'cpu',
      input: (m) => m,
      param: (m) => m,
      graph: (c: Csr) => graphOf(c),
      // A copy: the arena's memory is reused once the session ends.
      read: async (t) => mat(t.rows, t.cols, t.data.slice()),
      end: () => {
        // Ending twice must not hand the session out twice.
        if (!pooled.live) return;
        pooled.live = false;
        arena.release();
        this.idle.push(pooled);
      },
    };
    pooled.session = session as unknown as Session;
    return pooled;
  }
}

interface Pooled {
  live: boolean;
  session: Session;
}

/** The host CSR as a graph handle, built field by field (one shape for every call). */
function graphOf(c: Csr): CpuGraph {
  return {
    numSrc: c.numSrc,
    numDst: c.numDst,
    numEdges: c.numEdges,
    rowptr: c.rowptr,
    col: c.col,
    eid: c.eid,
    nnz: c.col.length,
  };
}
