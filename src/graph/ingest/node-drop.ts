import { TOMBSTONE } from '../base/slot-layout.ts';
import { Neighbours } from '../edges/neighbours.ts';
import type { Relation } from '../edges/relation.ts';
import type { NodeTable } from '../nodes/node-table.ts';
import type { StringIds } from '../nodes/string-ids.ts';

/**
 * delete_node's edges: every edge touching node v of a type, in every stored relation where
 * the type is an end (a derived reverse's edges are its forward's, so they go with them). The
 * node keeps its index (ids are never unmapped); without features or edges it is as new, and an
 * event naming it later starts it afresh.
 */
export class NodeDrop {
  /** Per node type (schema order): the stored relations with that type as source, and as destination. */
  private readonly out: Relation[][];
  private readonly in: Relation[][];
  private readonly nb = new Neighbours();
  private slots = new Int32Array(64);

  /** rels: BatchApply's Ends, per relation of the schema: the relation that stores it and its ends' id maps. */
  constructor(nodes: readonly NodeTable[], rels: readonly { r: Relation; src: StringIds; dst: StringIds }[]) {
    const stored = [...new Map(rels.map((e) => [e.r, e])).values()];
    this.out = nodes.map((n) => stored.filter((e) => e.src === n.ids).map((e) => e.r));
    this.in = nodes.map((n) => stored.filter((e) => e.dst === n.ids).map((e) => e.r));
  }

  /** Delete every edge of node v of type t. */
  drop(t: number, v: number): void {
    for (const r of this.out[t]) this.each(r, v, true);
    for (const r of this.in[t]) this.each(r, v, false);
  }

  private each(r: Relation, v: number, out: boolean): void {
    const nb = this.nb;
    // Every slot that is not deleted (expired ones too): an expired edge is still in the hash until it is reclaimed.
    const n = out ? nb.openOut(r, v, 1) : nb.openIn(r, v, 1);
    if (this.slots.length < n) this.slots = new Int32Array(2 * n);
    // Slots first, deletes after: deleting does not move slots, but the reader holds the node's list.
    for (let p = 0; p < n; p++) this.slots[p] = nb.slot(p);
    for (let p = 0; p < n; p++) {
      const e = this.slots[p];
      if (r.ts.get(e) !== TOMBSTONE) r.delete(r.src.get(e), r.dst.get(e));
    }
  }
}
