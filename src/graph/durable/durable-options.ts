import type { IngestLimits } from '../ingest/limits.ts';
import type { Applied } from '../store.ts';
import type { FsyncPolicy } from './wal.node.ts';

export interface DurableOptions {
  /** 'batch' (default): fsync before acknowledging each batch. 'interval': fsync every fsyncIntervalMs (a crash of the machine may lose that much). 'none': leave it to the OS. */
  readonly fsync?: FsyncPolicy;
  readonly fsyncIntervalMs?: number;
  /**
   * Take a snapshot (and start a new log segment) once the log holds this many bytes. Default: 32
   * MiB (about 1.4M edges of `npm run bench -- graph`'s stream: replay ran at about 0.85M edges/s
   * into its 10M-edge store, the 2 × AMD EPYC, 2 cores machine, 29 Nov 2026, so a restart after a
   * crash there takes about two seconds past the snapshot load), or a quarter of the last
   * snapshot's size when that is more. A snapshot costs in proportion to the store: at 1M accounts
   * it is 657 MB, and one every 32 MiB of log (every minute at 10k events/s) wrote 20 bytes for
   * each byte of events and took the server's main thread ~1 s a minute. With the quarter, a
   * large store writes at most four times its events' bytes in snapshots, and replays at most a
   * quarter of its snapshot's size after a crash. Given, it is used as it is.
   */
  readonly snapshotEveryBytes?: number;
  /** Run merges and the growth of identity hashes, id and event-id tables on a worker thread (default true): see WorkerMaintainer. */
  readonly background?: boolean;
  /** What a batch may hold, and how far past the wall clock its events may be: see IngestLimits (defaults there). */
  readonly limits?: Partial<IngestLimits>;
  readonly warn?: (msg: string) => void;
}

export interface Recovery {
  readonly snapshotSeq: number;
  readonly replayed: number;
  readonly seconds: number;
}

/** An acknowledged batch: what applying it did, and its sequence number in the log. */
export interface Ingested extends Applied {
  readonly seq: number;
}

/** snapshotEveryBytes' floor when it is not given. */
const SNAPSHOT_FLOOR_BYTES = 32 * 2 ** 20;

/** Log bytes that call for the next snapshot: `given` as it is, else the default rule (see snapshotEveryBytes). */
export function snapshotAfter(given: number | undefined, lastSnapshotBytes: number): number {
  return given ?? Math.max(SNAPSHOT_FLOOR_BYTES, lastSnapshotBytes / 4);
}
