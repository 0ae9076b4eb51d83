import { mkdirSync } from 'node:fs';
import type { Schema } from '../base/schema.ts';
import { checkSize } from '../ingest/check-encoded.ts';
import { resolveLimits, type Bounds } from '../ingest/limits.ts';
import type { GraphStore } from '../store.ts';
import { type DurableOptions, type Ingested, type Recovery, snapshotAfter } from './durable-options.ts';
import { WorkerMaintainer } from '../worker/maintainer.node.ts';
import type { Checkpoint } from './checkpoint.node.ts';
import { GroupCommit } from './group-commit.node.ts';
import { DirLock } from './lock.node.ts';
import { type OpenedLog, openLog } from './open-log.node.ts';
import type { Kept } from './retain.node.ts';
import { keepSchema, saveSchema } from './schema-file.node.ts';
import { Snapshotter } from './snapshotter.node.ts';
import { frame, recordBody, seal } from './wal-format.node.ts';

/**
 * A GraphStore made durable: every batch is in the write-ahead log (fsynced, by default) before
 * `ingest` resolves and before readers can see it; snapshots bound the log. Writes run one at a
 * time in arrival order; readers use `store` directly and never wait for the disk. One
 * DurableStore at a time has a directory open (DirLock). Open never cuts away an acknowledged
 * batch: damage that would lose one is refused (planLog), for `weft store repair`.
 */
export class DurableStore {
  /** Batches are applied in log order: each waits for its record and for the batch before it. */
  private applied: Promise<unknown> = Promise.resolve();
  private logged: number;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly snapshots: Snapshotter;

  private constructor(
    readonly dir: string,
    readonly store: GraphStore,
    private readonly log: GroupCommit,
    private seq: number,
    private readonly opts: Required<Pick<DurableOptions, 'fsync'>> & Pick<DurableOptions, 'snapshotEveryBytes'>,
    private readonly warn: (msg: string) => void,
    readonly recovery: Recovery,
    private readonly maintainer: WorkerMaintainer | undefined,
    private readonly lock: DirLock,
    private readonly checkpoint: Checkpoint,
    kept: Kept[],
  ) {
    this.logged = seq;
    this.snapshots = new Snapshotter(
      { dir, store, log, checkpoint, applied: () => this.applied, seq: () => this.seq },
      kept,
    );
  }

  /** Open (creating when absent) and recover: the newest snapshot that loads, then the log after it. Refuses, naming file and offset, when damage would lose acknowledged batches. */
  static async open(dir: string, schema: Schema, options: DurableOptions = {}): Promise<DurableStore> {
    const t0 = performance.now();
    const limits = resolveLimits(options.limits);
    const warn = options.warn ?? ((m: string) => console.warn(`weft graph: ${m}`));
    mkdirSync(dir, { recursive: true });
    const lock = DirLock.acquire(dir);
    // Between two batches (this runs on the event loop), so readers never see half an install.
    let installed: GraphStore | undefined;
    let opened: OpenedLog | undefined;
    const maintainer =
      options.background === false ? undefined : new WorkerMaintainer(undefined, () => installed?.settle());
    try {
      maintainer?.warm();
      // Before recovery, so that a store open refuses can still be repaired (`weft store repair` reads it).
      await keepSchema(dir, schema, warn);
      const log = await openLog(dir, schema, maintainer, warn);
      opened = log;
      const store = log.store;
      store.limits = limits;
      installed = store;
      // After recovery, which leaves a checkpoint: from now on none found is damage.
      await saveSchema(dir, schema, true);
      const checkpoint = log.checkpoint;
      const opts = { fsync: options.fsync ?? 'batch', snapshotEveryBytes: options.snapshotEveryBytes };
      const commit = new GroupCommit(log.writer, opts.fsync === 'batch', log.end, (s) => checkpoint.advance(s));
      const recovery = {
        snapshotSeq: log.snapshotSeq,
        replayed: log.replayed,
        seconds: (performance.now() - t0) / 1000,
      };
      const ds = new DurableStore(
        dir,
        store,
        commit,
        log.end,
        opts,
        warn,
        recovery,
        maintainer,
        lock,
        checkpoint,
        log.kept,
      );
      if (opts.fsync === 'interval')
        ds.timer = setInterval(() => void commit.sync().catch(() => undefined), options.fsyncIntervalMs ?? 100).unref();
      return ds;
    } catch (e) {
      await opened?.checkpoint.close().catch(() => undefined);
      await opened?.writer.close().catch(() => undefined);
      maintainer?.close();
      lock.release();
      throw e;
    }
  }

  /** Sequence number of the last batch applied (and so acknowledged). */
  get lastSeq(): number {
    return this.seq;
  }

  /**
   * Check, log, apply. Resolves once the batch is durable (per the fsync policy) and visible;
   * rejects, with the store untouched, on bad input or past a limit (DurableOptions.limits).
   * Several batches may be in flight: they share fsyncs and are applied in the order ingest was
   * called. A failed log write leaves the store read-only: memory and log could disagree, so
   * only a reopen (recovery) may write again.
   */
  ingest(batch: unknown): Promise<Ingested> {
    return this.submit((b) => this.store.write(batch, b));
  }

  /**
   * `ingest` for a batch already encoded by a producer (an EventEncoder under this store's schema,
   * e.g. on a worker thread that parses the stream). The bytes are copied into the log record and
   * the copy is checked byte by byte (GraphStore.check), then logged and applied; the caller may
   * reuse them once this returns.
   */
  ingestEncoded(bytes: Uint8Array): Promise<Ingested> {
    return this.submit(() => bytes);
  }

  /**
   * One source of truth per batch: the bytes go into a record of their own first, then those
   * bytes are checked (the check replay makes too, so a logged record always applies), logged
   * and applied. Nothing reads the caller's batch after `produce`.
   */
  private submit(produce: (b: Bounds) => Uint8Array): Promise<Ingested> {
    let rec: Buffer;
    try {
      if (this.closed) throw new Error(`graph store ${this.dir} is closed`);
      if (this.log.error)
        throw new Error(
          `graph store ${this.dir} is read-only after a write-ahead log failure (${this.log.error.message}); reopen it to recover`,
        );
      const b = this.store.bounds();
      const bytes = produce(b);
      checkSize(bytes, b);
      rec = frame(bytes);
      this.store.check(recordBody(rec), b);
    } catch (e) {
      return Promise.reject(e);
    }
    const seq = ++this.logged;
    seal(rec, seq, this.log.synced);
    const durable = this.log.append(rec, seq);
    const done = Promise.all([durable, this.applied]).then(() => {
      this.seq = seq;
      const applied = this.store.apply(recordBody(rec));
      if (
        this.log.writer.bytes >= snapshotAfter(this.opts.snapshotEveryBytes, this.snapshots.lastBytes) &&
        !this.snapshots.writing
      )
        void this.snapshot().catch((e) => this.warn(`snapshot failed: ${(e as Error).message}`));
      return { ...applied, seq };
    });
    this.applied = done.catch(() => undefined);
    return done;
  }

  /** Snapshot the state after at least the batches ingested before this call (Snapshotter). */
  snapshot(): Promise<void> {
    return this.snapshots.take();
  }

  /** Resolves once every batch ingested so far is applied, no snapshot is being written and no background job runs. */
  async idle(): Promise<void> {
    await this.applied;
    await this.snapshots.writing;
    while (this.store.settle()) await new Promise((r) => setTimeout(r, 2));
  }

  /** Wait for in-flight batches and snapshots, sync the log and the checkpoint, close them, give up the lock. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    try {
      await this.idle();
      await this.log.barrier(async () => {
        await this.log.sync();
        await this.log.writer.close();
      });
      await this.checkpoint.close();
    } finally {
      this.maintainer?.close();
      this.lock.release();
    }
  }
}
