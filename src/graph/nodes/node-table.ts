import type { Features } from './features.ts';
import type { StringIds } from './string-ids.ts';

/** A node type's id map and feature rows. */
export interface NodeTable {
  readonly ids: StringIds;
  readonly features: Features;
  /**
   * Nodes removed by delete_node and not named by any event since: their ids stay mapped (an id
   * is never unmapped), but readers treat them as unknown. Rare, so a set.
   */
  readonly gone: Set<number>;
}

/** Index of node `id` in t, or -1 when it is unknown or deleted (see gone). */
export function liveIndex(t: NodeTable, id: string): number {
  const i = t.ids.lookup(id);
  return i >= 0 && t.gone.size > 0 && t.gone.has(i) ? -1 : i;
}
