/** The names of a durable store's files (one directory a store). */

const pad = (n: number): string => String(n).padStart(16, '0');

/** A log segment, named by the sequence number of its first batch. */
export const segmentName = (firstSeq: number): string => `wal-${pad(firstSeq)}.log`;
export const SEGMENT = /^wal-(\d{16})\.log$/;

/** A snapshot, named by the last batch it holds. */
export const snapshotName = (seq: number): string => `snapshot-${pad(seq)}.bin`;
export const SNAPSHOT = /^snapshot-(\d{16})\.bin$/;
/** The one snapshot of stores written before snapshots were named by batch (its batch is in its header). */
export const LEGACY_SNAPSHOT = 'snapshot.bin';

/** The highest batch known to be on disk, twice (checkpoint.node.ts). */
export const CHECKPOINTS = ['checkpoint', 'checkpoint.copy'] as const;
/** Who has the store open (lock.node.ts). */
export const LOCK = 'LOCK';
/** The schema the store was last opened with, for `weft store repair` (schema-file.node.ts). */
export const SCHEMA_FILE = 'schema.json';

/** The segments and snapshots of a directory listing, each sorted by batch. */
export function listStore(names: readonly string[]): {
  segments: { name: string; first: number }[];
  snapshots: { name: string; seq: number }[];
  legacySnapshot: boolean;
} {
  const segments: { name: string; first: number }[] = [];
  const snapshots: { name: string; seq: number }[] = [];
  for (const name of names) {
    const g = SEGMENT.exec(name);
    if (g) segments.push({ name, first: Number(g[1]) });
    const s = SNAPSHOT.exec(name);
    if (s) snapshots.push({ name, seq: Number(s[1]) });
  }
  segments.sort((a, b) => a.first - b.first);
  snapshots.sort((a, b) => a.seq - b.seq);
  return { segments, snapshots, legacySnapshot: names.includes(LEGACY_SNAPSHOT) };
}
