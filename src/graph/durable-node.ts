import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Schema } from './schema.ts';
import { readSnapshot, syncDir, writeSnapshot } from './snapshot-node.ts';
import { GraphStore } from './store.ts';
import { validateBatch } from './validate.ts';
import { WalWriter, encodeRecord, readLog, type FsyncPolicy } from './wal-node.ts';

export interface DurableOptions {
  /** 'batch' (default): fsync before acknowledging each batch. 'interval': fsync every fsyncIntervalMs (a crash of the machine may lose that much). 'none': leave it to the OS. */
  readonly fsync?: FsyncPolicy;
  readonly fsyncIntervalMs?: number;
  /** Take a snapshot (and start a new log segment) once the log holds this many bytes. Default 256 MiB. */
  readonly snapshotEveryBytes?: number;
  readonly warn?: (msg: string) => void;
}

export interface Recovery {
  readonly snapshotSeq: number;
  readonly replayed: number;
  readonly seconds: number;
}

const segment = (seq: number): string => `wal-${String(seq).padStart(16, '0')}.log`;
const SEGMENT = /^wal-(\d{16})\.log$/;

/**
 * A GraphStore made durable: every batch is in the write-ahead log (fsynced, by default) before
 * `ingest` resolves and before readers can see it; snapshots bound the log. Writes run one at a
 * time in arrival order; readers use `store` directly and never wait for the disk.
 */
export class DurableStore {
  private queue: Promise<unknown> = Promise.resolve();
  private failed: Error | undefined;
  private timer: NodeJS.Timeout | undefined;

  private constructor(readonly dir: string, readonly store: GraphStore, private wal: WalWriter, private seq: number,
    private readonly opts: Required<Pick<DurableOptions, 'fsync' | 'snapshotEveryBytes'>>, readonly recovery: Recovery) {}

  /** Open (creating when absent) and recover: the snapshot, then every intact log record after it. */
  static async open(dir: string, schema: Schema, options: DurableOptions = {}): Promise<DurableStore> {
    const t0 = performance.now();
    const warn = options.warn ?? ((m: string) => console.warn(`weft graph: ${m}`));
    mkdirSync(dir, { recursive: true });
    const snap = await readSnapshot(dir, schema);
    const store = snap?.store ?? new GraphStore(schema);
    const snapshotSeq = snap?.seq ?? 0;
    let seq = snapshotSeq, replayed = 0;
    const segments = readdirSync(dir).filter((f) => SEGMENT.test(f)).sort();
    for (const f of segments) {
      for (const rec of readLog(join(dir, f), warn)) {
        if (rec.seq <= seq) continue;
        if (rec.seq !== seq + 1) warn(`${f}: batch ${rec.seq} follows batch ${seq}; batches in between are lost`);
        store.apply(validateBatch(schema, JSON.parse(rec.payload.toString('utf8'))));
        seq = rec.seq;
        replayed++;
      }
    }
    const wal = await WalWriter.open(join(dir, segments.at(-1) ?? segment(seq + 1)));
    const opts = { fsync: options.fsync ?? 'batch', snapshotEveryBytes: options.snapshotEveryBytes ?? 256 * 2 ** 20 };
    const ds = new DurableStore(dir, store, wal, seq, opts, { snapshotSeq, replayed, seconds: (performance.now() - t0) / 1000 });
    if (opts.fsync === 'interval') ds.timer = setInterval(() => void ds.wal.sync().catch(() => undefined), options.fsyncIntervalMs ?? 100).unref();
    return ds;
  }

  /** Sequence number of the last batch acknowledged. */
  get lastSeq(): number {
    return this.seq;
  }

  /**
   * Validate, log, apply. Resolves once the batch is durable (per the fsync policy) and visible;
   * rejects, with the store untouched, on bad input. A failed log write leaves the store
   * read-only: memory and log could disagree, so only a reopen (recovery) may write again.
   */
  ingest(batch: unknown): Promise<void> {
    let events;
    try {
      events = validateBatch(this.store.schema, batch);
    } catch (e) {
      return Promise.reject(e);
    }
    const ready = events;
    return this.enqueue(async () => {
      if (this.failed) throw new Error(`graph store ${this.dir} is read-only after a write-ahead log failure (${this.failed.message}); reopen it to recover`);
      const seq = this.seq + 1;
      try {
        await this.wal.append(encodeRecord(seq, Buffer.from(JSON.stringify(ready))), this.opts.fsync === 'batch');
      } catch (e) {
        this.failed = e as Error;
        throw e;
      }
      this.seq = seq;
      this.store.apply(ready);
      if (this.wal.bytes >= this.opts.snapshotEveryBytes) void this.enqueue(() => this.snapshotNow()).catch(() => undefined);
    });
  }

  /** Snapshot now (after the writes queued before it) and start a new log segment. */
  snapshot(): Promise<void> {
    return this.enqueue(() => this.snapshotNow());
  }

  /** Wait for queued writes, sync the log, close it. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.enqueue(async () => {
      await this.wal.sync();
      await this.wal.close();
    });
  }

  private async snapshotNow(): Promise<void> {
    await writeSnapshot(this.dir, this.store, this.seq);
    await this.wal.close();
    this.wal = await WalWriter.open(join(this.dir, segment(this.seq + 1)));
    for (const f of readdirSync(this.dir)) {
      const m = SEGMENT.exec(f);
      if (m && Number(m[1]) <= this.seq) rmSync(join(this.dir, f));
    }
    await syncDir(this.dir);
  }

  private enqueue<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue.then(job);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
