import type { AttentionWeights, Model } from '../model/model.ts';
import type { Backend } from '../runtime/ops.ts';
import type { Batch } from '../tensor/batch.ts';
import { type NodeRef, occlusion } from './occlusion.ts';

/** A neighbour and how much the target's score drops without it (negative: rises). */
export interface Influence extends NodeRef {
  readonly delta: number;
}

export interface Explanation {
  /** The target's score on the batch as given (its first output column). */
  readonly score: number;
  /** Every neighbour, the largest |delta| first. */
  readonly neighbours: readonly Influence[];
  /** Rows run: the batch's, times its copies. */
  readonly nodes: number;
  /** Each attention layer's coefficients per edge of the batch as given (none for models without attention). */
  readonly attention: readonly AttentionWeights[];
  readonly ms: number;
}

/** Rows of one occlusion run at most (nodes²): 1,000 nodes (seconds on a CPU), a 2-hop [10, 5] sample being ~20-300. */
const MAX_VARIANT_ROWS = 1_000_000;

/**
 * Why `target` scores as it does on `batch` (its sampled neighbourhood): each neighbour masked in
 * turn (occlusion), all the variants scored in one batched run on `backend`; and, for attention
 * layers, their coefficients on every edge. The server's
 * POST /v1/explain and the analyst page call this same function.
 */
export async function explain(model: Model, batch: Batch, target: NodeRef, backend: Backend): Promise<Explanation> {
  const t0 = performance.now();
  let n = 0;
  for (const x of batch.x.values()) n += x.rows;
  if (n * n > MAX_VARIANT_ROWS)
    throw new RangeError(
      `the neighbourhood has ${n} nodes: explaining it masks each in a copy of it (${n * n} rows), more than ${MAX_VARIANT_ROWS}; sample fewer neighbours (smaller fanouts)`,
    );
  const { batch: variants, masked } = occlusion(batch, target);
  const out = await model.run(variants, { backend });
  const m = out.get(model.graph.hetero ? `out.${target.type}` : 'out');
  if (!m) throw new Error(`model ${model.name} gives no output for node type '${target.type}'`);
  const score = m.data[0];
  const neighbours = masked
    .map((n, k) => ({ ...n, delta: score - m.data[(k + 1) * m.cols] }))
    .sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta));
  let nodes = 0;
  for (const x of variants.x.values()) nodes += x.rows;
  const attention: AttentionWeights[] = [];
  await model.run(batch, { backend, attention });
  return { score, neighbours, nodes, attention, ms: performance.now() - t0 };
}
