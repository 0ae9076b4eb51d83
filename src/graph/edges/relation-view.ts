import type { Adjacency } from './adjacency.ts';
import type { EdgeData } from './edge-data.ts';
import type { EdgeField } from './edge-table.ts';

/** What readers (sampler, store queries) use of a relation: a stored Relation, or a ReverseRelation over one. */
export interface RelationView {
  readonly key: string;
  readonly srcType: string;
  readonly dstType: string;
  readonly ttl: number;
  /** Per slot: source and destination node, stored time (see slot-layout.ts's TOMBSTONE). */
  readonly src: EdgeField;
  readonly dst: EdgeField;
  readonly ts: EdgeField;
  readonly byDst: Adjacency;
  readonly bySrc: Adjacency;
  /** Per slot, what the edge carries (its weight, then its attributes), undefined when nothing; and how much. */
  readonly data: EdgeData | undefined;
  readonly edgeAttr: number;
  readonly edgeWeight: boolean;
  readonly slots: number;
  readonly live: number;
  /** The relation that holds the edges: this one, or the forward of a reverse (a Relation either way; typed as a view so this interface needs no Relation). */
  readonly stored: RelationView;
  /** Slot of edge (s, d), or -1. */
  find(s: number, d: number): number;
  minTs(newest: number): number;
}
