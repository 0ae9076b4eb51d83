import { NO_ACT, type Act } from '../runtime/act.ts';
import type { Csr } from '../tensor/csr.ts';
import { mat, type Mat } from '../tensor/mat.ts';
import { linear, perRun, type Ctx, type T } from './layer.ts';
import { memo } from '../util/memo.ts';

/**
 * Transform, then aggregate: for a sum or mean, Σ_b aggr_{j∈N_b(i)}(x_j) · W_b + x_i · W_root equals
 * Σ_b aggr_{j∈N_b(i)}(x_j · W_b) + x_i · W_root up to f32 rounding. So one GEMM makes every block's
 * transform at once, y = x · [W_0; …; W_root]ᵀ of shape [N, B·out], seen as [N·B, out] (node j's
 * block b is row j·B + b), and one weighted spmm sums, per destination, row col·B + b of each edge
 * of block b (RGCN's relation, SAGE's one neighbourhood), plus row i·B + root: one slot more per row.
 */
interface BlockSlots {
  readonly csr: Csr;
  /** [nnz, 1]: 1 / |N_b(i)| for an edge of block b, 1 for the root slot (aggr mean). */
  readonly mean: Mat;
}

const cache = new WeakMap<Csr, Map<string, BlockSlots>>();

/**
 * `types` gives each edge (by eid) its block in [0, blocks); null puts every edge in block 0. Built on
 * the host once per batch graph (edge_type belongs to it) and shared by every layer and run.
 */
function blockSlots(c: Csr, types: Int32Array | null, blocks: number, root: boolean): BlockSlots {
  const m = memo(cache, c, () => new Map<string, BlockSlots>());
  const key = `${blocks}:${root}:${types ? 'typed' : 'one'}`;
  const hit = m.get(key);
  if (hit) return hit;
  const B = blocks + (root ? 1 : 0),
    n = c.numDst;
  const nnz = c.col.length + (root ? n : 0);
  const rowptr = new Int32Array(n + 1),
    col = new Int32Array(nnz),
    eid = new Int32Array(nnz),
    w = new Float32Array(nnz);
  const count = new Int32Array(Math.max(blocks, 1));
  let at = 0;
  for (let i = 0; i < n; i++) {
    const start = c.rowptr[i],
      end = c.rowptr[i + 1];
    if (types) for (let k = start; k < end; k++) count[types[c.eid[k]]]++;
    else count[0] = end - start;
    for (let k = start; k < end; k++, at++) {
      const b = types ? types[c.eid[k]] : 0;
      col[at] = c.col[k] * B + b;
      eid[at] = c.eid[k];
      w[at] = 1 / count[b];
    }
    if (types) for (let k = start; k < end; k++) count[types[c.eid[k]]] = 0;
    if (root) {
      col[at] = i * B + blocks;
      eid[at] = c.numEdges + i;
      w[at++] = 1;
    }
    rowptr[i + 1] = at;
  }
  const made = {
    csr: { numSrc: c.numSrc * B, numDst: n, numEdges: c.numEdges, rowptr, col, eid },
    mean: mat(nnz, 1, w),
  };
  m.set(key, made);
  return made;
}

/**
 * act(Σ_b aggr_b(x_j) · W_b + x_i · W_root + bias) by transform-then-aggregate. `stacked` is the
 * Linear weight [B·out, in]: the blocks' [out, in] in order, the root's last when `root`.
 */
export function transformThenAggregate(
  ctx: Ctx,
  x: T,
  c: Csr,
  types: Int32Array | null,
  blocks: number,
  root: boolean,
  stacked: Mat,
  aggr: 'sum' | 'mean',
  bias: Mat | undefined,
  act: Act = NO_ACT,
): T {
  const s = ctx.s;
  const B = blocks + (root ? 1 : 0),
    H = stacked.rows / B;
  const slots = blockSlots(c, types, blocks, root);
  const y = linear(ctx, x, stacked, undefined, NO_ACT);
  const ew = aggr === 'mean' ? perRun(ctx, 'block-mean-weights', slots.csr, () => s.input(slots.mean)) : undefined;
  return s.spmm({
    g: s.graph(slots.csr),
    x: s.reshape({ x: y, rows: x.rows * B, cols: H }),
    aggr: 'sum',
    ew,
    bias: bias && s.param(bias),
    act,
  });
}

/** Weights [out, in] stacked along rows into one Linear weight [Σ out, in]. */
export function stackRows(parts: readonly Mat[]): Mat {
  const cols = parts[0].cols;
  const data = new Float32Array(parts.reduce((a, p) => a + p.data.length, 0));
  let at = 0;
  for (const p of parts) {
    if (p.cols !== cols) throw new Error(`stackRows: widths ${p.cols} and ${cols} differ`);
    data.set(p.data, at);
    at += p.data.length;
  }
  return mat(data.length / cols, cols, data);
}

/**
 * Whether transforming first reads less: the aggregation then reads `out` values per edge and per node
 * (the root slot), against `in` per edge for aggregating first, plus the `passes` partial results
 * ([N, in] written by each aggregation, [N, out] added and rewritten by each GEMM) it avoids.
 */
export function transformFirstPays(c: Csr, inC: number, outC: number, passes: number): boolean {
  const E = c.col.length,
    N = c.numDst;
  return (E + N) * outC <= E * inC + passes * N * (inC + 2 * outC);
}
