import type { Features } from './features.ts';
import type { StringIds } from './string-ids.ts';

/** A node type's id map and feature rows. */
export interface NodeTable {
  readonly ids: StringIds;
  readonly features: Features;
}
