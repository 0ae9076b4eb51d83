import type { Adjacency } from './adjacency.ts';
import type { EdgeData } from './edge-data.ts';
import type { EdgeField } from './edge-table.ts';
import type { Relation } from './relation.ts';
import type { RelationView } from './relation-view.ts';

/**
 * `dst__rev_rel__src` read from its forward `src__rel__dst` (the schema's reverseOf): the same
 * slots with the ends swapped, so its index by destination is the forward's by source and the
 * other way round. Nothing is stored twice; writes to it go to the forward (BatchApply).
 */
export class ReverseRelation implements RelationView {
  readonly src: EdgeField;
  readonly dst: EdgeField;
  readonly ts: EdgeField;
  readonly byDst: Adjacency;
  readonly bySrc: Adjacency;
  readonly ttl: number;
  /** The forward's: a derived reverse shares its edge data (schema.ts reverseOf). */
  readonly data: EdgeData | undefined;
  readonly edgeAttr: number;
  readonly edgeWeight: boolean;

  constructor(
    readonly key: string,
    readonly srcType: string,
    readonly dstType: string,
    readonly stored: Relation,
  ) {
    this.src = stored.dst;
    this.dst = stored.src;
    this.ts = stored.ts;
    this.byDst = stored.bySrc;
    this.bySrc = stored.byDst;
    this.ttl = stored.ttl;
    this.data = stored.data;
    this.edgeAttr = stored.edgeAttr;
    this.edgeWeight = stored.edgeWeight;
  }

  get slots(): number {
    return this.stored.slots;
  }

  get live(): number {
    return this.stored.live;
  }

  find(s: number, d: number): number {
    return this.stored.find(d, s);
  }

  minTs(newest: number): number {
    return this.stored.minTs(newest);
  }
}
