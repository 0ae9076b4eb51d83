/**
 * Writes. An event is the unit of idempotence (its id is applied at most once, however often
 * and however late it is delivered); a batch of events is the unit of atomicity and of
 * acknowledgement. `time` is in seconds since the epoch (stored at 1 s resolution).
 */
export type GraphOp =
  /**
   * Insert edge (src, rel, dst), or refresh its time when present: one edge either way. `attr`
   * (the relation's edgeAttr values) and `w` (its weight) when its schema says the edges carry
   * them, and only then; a re-add replaces them (the last applied wins).
   */
  | {
      readonly op: 'add_edge';
      readonly rel: string;
      readonly src: string;
      readonly dst: string;
      readonly attr?: readonly number[];
      readonly w?: number;
    }
  | { readonly op: 'delete_edge'; readonly rel: string; readonly src: string; readonly dst: string }
  /**
   * Remove the node: its features and every edge touching it, in every relation (derived
   * reverses included). An event that names it later re-creates it afresh. Unknown: no-op.
   */
  | { readonly op: 'delete_node'; readonly type: string; readonly id: string }
  /** Set the node's feature row (created when new); the last upsert wins. */
  | { readonly op: 'upsert_node'; readonly type: string; readonly id: string; readonly x: readonly number[] };

export interface GraphEvent {
  readonly id: string;
  readonly time: number;
  readonly ops: readonly GraphOp[];
}

/** The largest event time a 32-bit stored timestamp (floor(seconds) + 1) holds. */
export const MAX_TIME = 2 ** 32 - 2;
