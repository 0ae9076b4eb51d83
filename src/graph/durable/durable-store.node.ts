import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Schema } from '../base/schema.ts';
import { GroupCommit } from './group-commit.node.ts';
import { dumpStore, type Captured } from './snapshot-codec.ts';
import { readSnapshot, syncDir, writeSnapshot } from './snapshot.node.ts';
import { WorkerMaintainer } from '../worker/maintainer.node.ts';
import { GraphStore, type Applied } from '../store.ts';
import { WalWriter, encodeRecord, readLog, recordBody, type FsyncPolicy } from './wal.node.ts';

export interface DurableOptions {
  /** 'batch' (default): fsync before acknowledging each batch. 'interval': fsync every fsyncIntervalMs (a crash of the machine may lose that much). 'none': leave it to the OS. */
  readonly fsync?: FsyncPolicy;
  readonly fsyncIntervalMs?: number;
  /** Take a snapshot (and start a new log segment) once the log holds this many bytes. Default 32 MiB (about 1.4M edges of `npm run bench -- graph`'s stream): replay ran at about 0.85M edges/s into its 10M-edge store (the 2 × AMD EPYC, 2 cores machine, 29 Nov 2026), so this bounds a restart after a crash there to about two seconds past the snapshot load. */
  readonly snapshotEveryBytes?: number;
  /** Run merges and the growth of identity hashes, id and event-id tables on a worker thread (default true): see WorkerMaintainer. */
  readonly background?: boolean;
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

const segment = (seq: number): string => `wal-${String(seq).padStart(16, '0')}.log`;
const SEGMENT = /^wal-(\d{16})\.log$/;

/**
 * A GraphStore made durable: every batch is in the write-ahead log (fsynced, by default) before
 * `ingest` resolves and before readers can see it; snapshots bound the log. Writes run one at a
 * time in arrival order; readers use `store` directly and never wait for the disk.
 */
export class DurableStore {
  /** Batches are applied in log order: each waits for its record and for the batch before it. */
  private applied: Promise<unknown> = Promise.resolve();
  private logged: number;
  private timer: NodeJS.Timeout | undefined;
  private readonly log: GroupCommit;
  /** The snapshot being written, if any: at most one at a time. */
  private writing: Promise<void> | undefined;

  private constructor(
    readonly dir: string,
    readonly store: GraphStore,
    wal: WalWriter,
    private seq: number,
    private readonly opts: Required<Pick<DurableOptions, 'fsync' | 'snapshotEveryBytes'>>,
    private readonly warn: (msg: string) => void,
    readonly recovery: Recovery,
    private readonly maintainer: WorkerMaintainer | undefined,
  ) {
    this.logged = seq;
    this.log = new GroupCommit(wal, opts.fsync === 'batch');
  }

  /** Open (creating when absent) and recover: the snapshot, then every intact log record after it. */
  static async open(dir: string, schema: Schema, options: DurableOptions = {}): Promise<DurableStore> {
    const t0 = performance.now();
    const warn = options.warn ?? ((m: string) => console.warn(`weft graph: ${m}`));
    mkdirSync(dir, { recursive: true });
    // Between two batches (this runs on the event loop), so readers never see half an install.
    let installed: GraphStore | undefined;
    const maintainer =
      options.background === false ? undefined : new WorkerMaintainer(undefined, () => installed?.settle());
    maintainer?.warm();
    const snap = await readSnapshot(dir, schema, maintainer);
    const store = snap?.store ?? new GraphStore(schema, undefined, maintainer);
    const snapshotSeq = snap?.seq ?? 0;
    let seq = snapshotSeq,
      replayed = 0;
    const segments = readdirSync(dir)
      .filter((f) => SEGMENT.test(f))
      .sort();
    for (const f of segments) {
      for (const rec of readLog(join(dir, f), warn)) {
        if (rec.seq <= seq) continue;
        if (rec.seq !== seq + 1) warn(`${f}: batch ${rec.seq} follows batch ${seq}; batches in between are lost`);
        store.apply(rec.payload, `${f} batch ${rec.seq}`);
        seq = rec.seq;
        replayed++;
      }
    }
    installed = store;
    const wal = await WalWriter.open(join(dir, segments.at(-1) ?? segment(seq + 1)));
    const opts = { fsync: options.fsync ?? 'batch', snapshotEveryBytes: options.snapshotEveryBytes ?? 32 * 2 ** 20 };
    const ds = new DurableStore(
      dir,
      store,
      wal,
      seq,
      opts,
      warn,
      { snapshotSeq, replayed, seconds: (performance.now() - t0) / 1000 },
      maintainer,
    );
    if (opts.fsync === 'interval')
      ds.timer = setInterval(
        () => void ds.log.writer.sync().catch(() => undefined),
        options.fsyncIntervalMs ?? 100,
      ).unref();
    return ds;
  }

  /** Sequence number of the last batch applied (and so acknowledged). */
  get lastSeq(): number {
    return this.seq;
  }

  /**
   * Validate, log, apply. Resolves once the batch is durable (per the fsync policy) and visible;
   * rejects, with the store untouched, on bad input. Several batches may be in flight: they
   * share fsyncs and are applied in the order ingest was called. A failed log write leaves the
   * store read-only: memory and log could disagree, so only a reopen (recovery) may write again.
   */
  ingest(batch: unknown): Promise<Ingested> {
    return this.submit(() => this.store.encode(batch));
  }

  /**
   * `ingest` for a batch already encoded by a producer (an EventEncoder under this store's schema,
   * e.g. on a worker thread that parses the stream): checked byte by byte (GraphStore.check),
   * then logged and applied the same way. The bytes are copied into the log record; the caller
   * may reuse them once this returns.
   */
  ingestEncoded(bytes: Uint8Array): Promise<Ingested> {
    return this.submit(() => this.store.check(bytes));
  }

  private submit(encode: () => Uint8Array): Promise<Ingested> {
    let body: Uint8Array;
    try {
      if (this.log.error)
        throw new Error(
          `graph store ${this.dir} is read-only after a write-ahead log failure (${this.log.error.message}); reopen it to recover`,
        );
      body = encode();
    } catch (e) {
      return Promise.reject(e);
    }
    const seq = ++this.logged;
    // The record is the batch's only copy: what is logged is what is applied.
    const rec = encodeRecord(seq, body);
    const durable = this.log.append(rec);
    const done = Promise.all([durable, this.applied]).then(() => {
      this.seq = seq;
      const applied = this.store.apply(recordBody(rec));
      if (this.log.writer.bytes >= this.opts.snapshotEveryBytes && !this.writing)
        void this.snapshot().catch((e) => this.warn(`snapshot failed: ${(e as Error).message}`));
      return { ...applied, seq };
    });
    this.applied = done.catch(() => undefined);
    return done;
  }

  /**
   * Snapshot the state after at least the batches ingested before this call (also those ingested
   * until its turn comes: after this tick, and after an earlier snapshot's file is written). The
   * capture is taken between log writes and a new segment started; the file is written while
   * ingest goes on, and only once it is durable are the older segments deleted.
   */
  snapshot(): Promise<void> {
    let seq = 0;
    let captured: Captured | undefined;
    const job = (this.writing ?? Promise.resolve())
      .then(() => {
        // Only the batches logged before the barrier: later ones wait behind it for their fsync.
        const before = this.applied;
        return this.log.barrier(async () => {
          await before;
          seq = this.seq;
          captured = dumpStore(this.store, seq);
          await this.log.writer.close();
          this.log.writer = await WalWriter.open(join(this.dir, segment(seq + 1)));
        });
      })
      .then(async () => {
        await writeSnapshot(this.dir, captured!);
        for (const f of readdirSync(this.dir)) {
          const m = SEGMENT.exec(f);
          if (m && Number(m[1]) <= seq) rmSync(join(this.dir, f));
        }
        await syncDir(this.dir);
      });
    // Snapshots chain one after another (one temporary file, one loan of the edge chunks at a
    // time: the next dump lends them again only after this one gave them back); the chain itself
    // never rejects.
    const settled: Promise<void> = job
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        captured?.settle();
        if (this.writing === settled) this.writing = undefined;
      });
    this.writing = settled;
    return job;
  }

  /** Resolves once every batch ingested so far is applied, no snapshot is being written and no background job runs. */
  async idle(): Promise<void> {
    await this.applied;
    await this.writing;
    while (this.store.settle()) await new Promise((r) => setTimeout(r, 2));
  }

  /** Wait for in-flight batches and snapshots, sync the log, close it. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.idle();
    await this.log.barrier(async () => {
      await this.log.writer.sync();
      await this.log.writer.close();
    });
    this.maintainer?.close();
  }
}
