/**
 * An edge slot: src, dst and ts interleaved, one u32 word each (see EdgeTable for why
 * interleaved). Everything that reads or writes slots by word (the edge table, the maintenance
 * kernels, snapshots) takes the stride and offsets from here.
 */
export const STRIDE = 3;
export const SRC = 0, DST = 1, TS = 2;

/** Stored timestamp of a deleted (or expired and reclaimed) slot; live times are stored as floor(seconds) + 1. */
export const TOMBSTONE = 0;
