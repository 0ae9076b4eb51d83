import type { AttentionWeights } from '../model/model.ts';
import { splitEdgeKey } from '../tensor/batch.ts';
import type { NodeRef } from './occlusion.ts';

/** An edge into the target and its attention coefficient per head. */
export interface AttendedEdge {
  readonly layer: number;
  readonly relation: string;
  readonly source: NodeRef;
  readonly alpha: readonly number[];
}

/**
 * The edges into `target` of every attention layer, most attended first (by the mean over heads):
 * what the model looked at when it scored the target. Relations into other node types are left out.
 */
export function attentionInto(att: readonly AttentionWeights[], target: NodeRef): AttendedEdge[] {
  const out: AttendedEdge[] = [];
  for (const a of att) {
    const [src, , dst] = splitEdgeKey(a.relation);
    if (dst !== target.type) continue;
    for (let k = 0; k < a.dst.length; k++)
      if (a.dst[k] === target.row)
        out.push({
          layer: a.layer,
          relation: a.relation,
          source: { type: src, row: a.src[k] },
          alpha: [...a.alpha.subarray(k * a.heads, (k + 1) * a.heads)],
        });
  }
  const mean = (e: AttendedEdge) => e.alpha.reduce((s, v) => s + v, 0) / e.alpha.length;
  return out.sort((p, q) => p.layer - q.layer || mean(q) - mean(p));
}
