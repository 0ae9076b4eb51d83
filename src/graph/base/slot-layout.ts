/**
 * An edge slot: src, dst and ts interleaved, one u32 word each (see EdgeTable for why
 * interleaved). Everything that reads or writes slots by word (the edge table, the maintenance
 * kernels, snapshots) takes the stride and offsets from here, and compaction moves whole slots:
 * a new column is a word here, its EdgeField in EdgeTable (and on RelationView and
 * ReverseRelation for readers), its value in EdgeTable.push and Relation.add, and a new snapshot
 * format version in durable/snapshot-codec.ts, which stores slots as they are. A column that
 * events carry also passes through ingest/: events.ts, validate.ts, batch-record.ts (its
 * bytes), check-encoded.ts, batch-apply.ts. What edges carry per relation (weight, attributes)
 * is not in the slot: it is edges/edge-data.ts's column beside it, numbered as the slots.
 */
export const STRIDE = 3;
export const SRC = 0,
  DST = 1,
  TS = 2;

/** Stored timestamp of a deleted (or expired and reclaimed) slot; live times are stored as floor(seconds) + 1. */
export const TOMBSTONE = 0;
