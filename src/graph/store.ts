import { BatchApply, type Ends } from './ingest/batch-apply.ts';
import { checkTag, schemaTag } from './ingest/batch-record.ts';
import { BatchWriter } from './ingest/batch-writer.ts';
import { checkEncoded } from './ingest/check-encoded.ts';
import { checkRoom } from './ingest/room.ts';
import { Neighbours } from './edges/neighbours.ts';
import { INLINE, type Maintainer } from './base/maintainer.ts';
import { EventIds } from './ingest/event-ids.ts';
import { Features } from './nodes/features.ts';
import { liveIndex, type NodeTable } from './nodes/node-table.ts';
import { Relation } from './edges/relation.ts';
import type { RelationView } from './edges/relation-view.ts';
import { ReverseRelation } from './edges/reverse-relation.ts';
import { cut } from './base/quote.ts';
import { checkSchemaWidth, type Schema } from './base/schema.ts';
import { StringIds } from './nodes/string-ids.ts';
import { DEFAULT_LIMITS, boundsAt, type Bounds, type IngestLimits } from './ingest/limits.ts';

/**
 * The in-memory heterogeneous graph: id maps and features per node type, one Relation per
 * edge type (a reverse relation is a view of its forward: see RelationSpec.reverseOf), and the
 * event ids already applied. `apply` runs a whole batch synchronously, and
 * JavaScript runs one task at a time, so a reader (the sampler is synchronous too) sees the
 * store before or after a batch, never inside one: each read is a consistent snapshot.
 */
/** What applying a batch did: its events, those skipped as delivered before, and the store version it made. */
export interface Applied {
  readonly events: number;
  readonly duplicates: number;
  readonly version: number;
}

export class GraphStore {
  readonly nodes = new Map<string, NodeTable>();
  /** Every relation of the schema, as readers see it. */
  readonly relations = new Map<string, RelationView>();
  /** The relations that hold edges: all but the reverse ones. */
  readonly stored = new Map<string, Relation>();
  readonly applied: EventIds;
  /** Newest event time applied, stored form (floor(seconds) + 1); 0 before any event. */
  newest = 0;
  /** Batches applied since the store was created; a reader can compare it to see whether the graph moved. */
  version = 0;
  /** What a batch may hold (checked by encode and check, not by apply): see IngestLimits. */
  limits: IngestLimits = DEFAULT_LIMITS;
  private readonly batch: BatchApply;
  private readonly encoder: BatchWriter;
  private readonly tag: number;
  private readonly adds: Uint32Array;

  /**
   * mergeMin: see Relation (tests lower it to exercise merging and compaction on small graphs).
   * maintainer: where merges and the growth of hashes and tables run (INLINE: on this thread, at once).
   */
  constructor(
    readonly schema: Schema,
    mergeMin?: number,
    maintainer: Maintainer = INLINE,
  ) {
    checkSchemaWidth(schema);
    this.applied = new EventIds(maintainer);
    for (const [t, width] of schema.nodeTypes)
      this.nodes.set(t, { ids: new StringIds(maintainer), features: new Features(width), gone: new Set() });
    for (const r of schema.relations.values())
      if (!r.reverseOf)
        this.stored.set(
          r.key,
          new Relation(r.key, r.src, r.dst, r.ttl, mergeMin, maintainer, r.edgeAttr, r.edgeWeight),
        );
    const ends: Ends[] = [];
    for (const r of schema.relations.values()) {
      const stored = this.stored.get(r.reverseOf ?? r.key)!;
      this.relations.set(r.key, r.reverseOf ? new ReverseRelation(r.key, r.src, r.dst, stored) : stored);
      const src = this.nodes.get(stored.srcType)!,
        dst = this.nodes.get(stored.dstType)!;
      ends.push({
        r: stored,
        src: src.ids,
        dst: dst.ids,
        srcGone: src.gone,
        dstGone: dst.gone,
        flip: r.reverseOf !== undefined,
      });
    }
    this.batch = new BatchApply([...this.nodes.values()], ends, this.applied);
    this.encoder = new BatchWriter(schema);
    this.tag = schemaTag(schema);
    this.adds = new Uint32Array(schema.relations.size);
  }

  /** Encode, check, apply; a bad batch throws and changes nothing. */
  ingest(batch: unknown): Applied {
    return this.apply(this.encode(batch));
  }

  /** Check and apply a batch a producer encoded (see check); bad bytes throw and change nothing. */
  ingestEncoded(bytes: Uint8Array): Applied {
    return this.apply(this.check(bytes));
  }

  /** The bounds a batch arriving now is checked against: the limits, with event times bounded by the wall clock. */
  bounds(): Bounds {
    return boundsAt(this.limits, Date.now());
  }

  /**
   * Encode a batch as a batch record (BatchWriter, checking each field as it reads it, once),
   * then check those bytes as `check` does. Throws, with nothing changed, on a bad batch. The
   * bytes are valid until the next call (the encoder reuses its buffer).
   */
  encode(batch: unknown, b = this.bounds()): Uint8Array {
    return this.check(this.write(batch, b), b);
  }

  /** BatchWriter's bytes for a batch, not yet byte-checked: for a caller that checks its own copy of them (DurableStore). */
  write(batch: unknown, b: Bounds): Uint8Array {
    return this.encoder.encode(batch, b);
  }

  /**
   * Check a batch record, byte by byte (checkEncoded), against `b` and against the room left in
   * each relation's and node type's index (2^26 entries each): once in the log, a batch must
   * apply, and replay makes this same check (under the format's bounds). Returns the bytes.
   * Throws, with nothing changed, on bad bytes.
   */
  check(bytes: Uint8Array, b = this.bounds()): Uint8Array {
    checkEncoded(this.schema, bytes, this.adds, b);
    this.room(this.adds);
    return bytes;
  }

  private room(adds: Uint32Array): void {
    checkRoom(this.relations.values(), adds, (t) => this.numNodes(t));
  }

  /**
   * Apply a batch record (from `encode`, or the log on replay) in order; an event id seen before
   * (in this batch or any earlier one) is skipped whole. `where` names the record in errors.
   */
  apply(bytes: Uint8Array, where = 'batch'): Applied {
    checkTag(bytes, this.tag, where);
    this.newest = this.batch.run(bytes, this.newest);
    this.settle();
    for (const r of this.stored.values()) r.maintain(this.newest, this.numNodes(r.srcType), this.numNodes(r.dstType));
    this.version++;
    return { events: this.batch.events, duplicates: this.batch.duplicates, version: this.version };
  }

  /** Install the background jobs (merges, table growth) that have finished, as apply does after each batch; returns whether any is still running. */
  settle(): boolean {
    let running = this.applied.settle(false);
    for (const n of this.nodes.values()) running = n.ids.settle(false) || running;
    for (const r of this.stored.values()) running = r.settle() || running;
    return running;
  }

  numNodes(type: string): number {
    return this.nodes.get(type)!.ids.size;
  }

  /** Reclaim deleted and expired edges in every relation now. */
  compact(): void {
    for (const r of this.stored.values()) r.compact(this.newest, this.numNodes(r.srcType), this.numNodes(r.dstType));
  }

  /** Visible edges per relation (not expired, not deleted) at the current newest time. */
  edgeCount(rel: string): number {
    const r = this.relations.get(rel);
    if (!r) throw new Error(`relation '${cut(rel)}' is not one of ${[...this.relations.keys()].join(', ')}`);
    const min = r.minTs(this.newest);
    let n = 0;
    for (let e = 0; e < r.slots; e++) if (r.ts.get(e) >= min) n++;
    return n;
  }

  /** Whether edge (src, rel, dst) is visible now. */
  hasEdge(rel: string, src: string, dst: string): boolean {
    const r = this.relations.get(rel);
    if (!r) throw new Error(`relation '${cut(rel)}' is not one of ${[...this.relations.keys()].join(', ')}`);
    const s = this.nodes.get(r.srcType)!.ids.lookup(src);
    const d = this.nodes.get(r.dstType)!.ids.lookup(dst);
    if (s < 0 || d < 0) return false;
    const e = r.find(s, d);
    return e >= 0 && r.ts.get(e) >= r.minTs(this.newest);
  }

  /**
   * Visible neighbours of node `id` in relation `rel`: 'out' reads the index by source (the
   * dst ids of its edges), 'in' the index by destination (the src ids). An unknown id has none.
   */
  neighbours(rel: string, side: 'in' | 'out', id: string): string[] {
    const r = this.relations.get(rel);
    if (!r) throw new Error(`relation '${cut(rel)}' is not one of ${[...this.relations.keys()].join(', ')}`);
    const src = this.nodes.get(r.srcType)!.ids,
      dst = this.nodes.get(r.dstType)!.ids;
    const [near, far] = side === 'out' ? [src, dst] : [dst, src];
    const v = near.lookup(id);
    if (v < 0) return [];
    const nb = new Neighbours(),
      min = r.minTs(this.newest);
    const n = side === 'out' ? nb.openOut(r, v, min) : nb.openIn(r, v, min);
    const out: string[] = [];
    for (let p = 0; p < n; p++) {
      const e = nb.slot(p);
      if (nb.visible(e)) out.push(far.idOf(nb.far(e)));
    }
    return out;
  }

  /** Feature row of a node, or undefined when the id is unknown. */
  features(type: string, id: string): Float32Array | undefined {
    const n = this.nodes.get(type);
    if (!n) throw new Error(`node type '${cut(type)}' is not one of ${[...this.nodes.keys()].join(', ')}`);
    const i = liveIndex(n, id);
    if (i < 0) return undefined;
    const out = new Float32Array(n.features.width);
    n.features.read(i, out, 0);
    return out;
  }

  /** Typed-array bytes held (columns, tables, indexes, features), by part. */
  bytes(): { edges: number; ids: number; events: number; features: number } {
    let edges = 0,
      ids = 0,
      features = 0;
    for (const r of this.stored.values()) edges += r.bytes();
    for (const n of this.nodes.values()) {
      ids += n.ids.bytes();
      features += n.features.bytes();
    }
    return { edges, ids, events: this.applied.table.byteLength, features };
  }
}
