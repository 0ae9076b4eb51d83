import type { GraphStore } from '../../graph/index.ts';

/** Accounts a new version is tried on before it serves: `n` spread evenly over the stored nodes of `type`. */
export function goldenTargets(store: GraphStore, type: string, n = 16): string[] {
  const ids = store.nodes.get(type)?.ids;
  if (!ids || ids.size === 0) return [];
  const k = Math.min(n, ids.size);
  return Array.from({ length: k }, (_, i) => ids.idOf(Math.floor((i * ids.size) / k)));
}
