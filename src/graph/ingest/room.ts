import { MAX_SLOTS } from '../edges/edge-hash.ts';
import type { RelationView } from '../edges/relation-view.ts';
import { MAX_IDS } from '../nodes/string-ids.ts';

/**
 * Refuse a batch whose adds (per relation, in `relations`' order: the schema's) could overflow a
 * relation's or a node type's index (2^26 entries each): once in the log, a batch must apply. A
 * reverse relation's adds count toward its forward.
 */
export function checkRoom(
  relations: Iterable<RelationView>,
  adds: Uint32Array,
  numNodes: (type: string) => number,
): void {
  const into = new Map<RelationView, number>();
  let i = 0;
  for (const r of relations) {
    const n = adds[i++];
    if (n > 0) into.set(r.stored, (into.get(r.stored) ?? 0) + n);
  }
  for (const [r, n] of into) {
    if (r.slots + n > MAX_SLOTS)
      throw new Error(
        `relation '${r.key}': ${r.slots} edge slots + ${n} adds would pass ${MAX_SLOTS}, the most one relation indexes; compact it or shard the graph`,
      );
    for (const t of [r.srcType, r.dstType]) {
      if (numNodes(t) + n > MAX_IDS)
        throw new Error(
          `node type '${t}': ${numNodes(t)} ids + up to ${n} new would pass ${MAX_IDS}, the most one type indexes; shard the graph`,
        );
    }
  }
}
