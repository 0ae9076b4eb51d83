import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import { CHUNK } from '../base/columns.ts';
import { indexSlots, fillEvents, fillHash, fillIds, type SlotIndex, type HashFill } from '../base/maintain-kernels.ts';
import { ready, type Maintainer, type Pending } from '../base/maintainer.ts';
import type { WeightChunks } from '../base/weight-order.ts';
import { tsWorker } from './ts-worker.node.ts';

export type Job =
  | {
      kind: 'index';
      id: number;
      chunks: readonly Uint32Array[];
      n: number;
      near: number;
      numNodes: number;
      weights?: WeightChunks;
    }
  | { kind: 'hash'; id: number; chunks: readonly Uint32Array[]; n: number; size: number }
  | { kind: 'ids'; id: number; arena: readonly Uint8Array[]; starts: readonly Uint32Array[]; n: number; slots: number }
  | { kind: 'events'; id: number; old: Uint32Array };

/** A job on the worker: its result once it came, and how to compute it here if the worker fails. */
class Remote<T> implements Pending<T> {
  value: T | undefined;

  constructor(
    private readonly owner: WorkerMaintainer,
    readonly id: number,
    readonly here: () => T,
  ) {}

  take(wait: boolean): T | undefined {
    if (this.value === undefined) this.owner.collect(this, wait);
    return this.value;
  }

  cancel(): void {
    this.owner.drop(this);
  }
}

/** How long a wait may see the worker finish nothing before the job is computed here instead. */
const STALL_MS = 10_000;

/**
 * Runs merges and the growth of identity hashes, id tables and event-id tables on one worker
 * thread (Node), so the
 * ingest thread goes on applying batches meanwhile: at 10M edges (`npm run bench -- graph` on the 2 × AMD EPYC, 2 cores machine, 29 Nov 2026)
 * each such job stalled the thread it ran on for up to a few hundred milliseconds, which a
 * scoring server's event loop must not.
 * The edge chunks, id arenas, id offsets and event-id tables are shared memory (SharedArrayBuffer), results
 * come back moved. Results are collected without the event loop (receiveMessageOnPort), so
 * replay, which applies the log in one synchronous loop, installs them too; a job that must
 * finish now is waited for with Atomics.wait. If the worker dies, or goes STALL_MS without
 * finishing a job while one is awaited, jobs are computed here: slower, never lost.
 * Jobs under `minSlots` slots are computed here at once: messages would cost more.
 */
export class WorkerMaintainer implements Maintainer {
  readonly shared = true;
  /** Jobs run on the worker (a test's evidence that they did). */
  ran = 0;
  private worker: Worker | undefined;
  private port: MessagePort | undefined;
  private failed = false;
  /** Results the worker has posted: one count each, to wait on. */
  private readonly signal = new Int32Array(new SharedArrayBuffer(4));
  private next = 1;
  private readonly waiting = new Map<number, Remote<unknown>>();

  /**
   * minSlots: see above. onResult: called (on the event loop) when results have come in, so
   * that an idle store installs them without waiting for its next batch.
   */
  constructor(
    private readonly minSlots = 1 << 16,
    private readonly onResult?: () => void,
  ) {}

  /** Start the worker now, so that it is ready when the first job comes (its start took ~0.3 s on the 2 × AMD EPYC, 2 cores machine, 29 Nov 2026). */
  warm(): void {
    if (!this.failed && !this.port) this.start();
  }

  // Each job takes the chunks as they are now (the caller's arrays change later), for the
  // worker and for computing it here should the worker fail.
  slotIndex(
    chunks: readonly Uint32Array[],
    n: number,
    near: number,
    numNodes: number,
    weights?: WeightChunks,
  ): Pending<SlotIndex> {
    if (n < this.minSlots) return ready(indexSlots(chunks, n, near, numNodes, weights));
    const cs = chunks.slice(0, Math.ceil(n / CHUNK)),
      w = weights && { chunks: weights.chunks.slice(0, Math.ceil(n / CHUNK)), words: weights.words };
    return this.submit(
      () => indexSlots(cs, n, near, numNodes, w),
      (id) => ({ kind: 'index', id, chunks: cs, n, near, numNodes, weights: w }),
    );
  }

  hash(chunks: readonly Uint32Array[], n: number, size: number): Pending<HashFill> {
    if (n < this.minSlots) return ready(fillHash(chunks, n, size));
    const cs = chunks.slice(0, Math.ceil(n / CHUNK));
    return this.submit(
      () => fillHash(cs, n, size),
      (id) => ({ kind: 'hash', id, chunks: cs, n, size }),
    );
  }

  ids(arena: readonly Uint8Array[], starts: readonly Uint32Array[], n: number, slots: number): Pending<Int32Array> {
    if (n < this.minSlots) return ready(fillIds(arena, starts, n, slots));
    const a = arena.slice(),
      st = starts.slice(0, Math.ceil(n / CHUNK));
    return this.submit(
      () => fillIds(a, st, n, slots),
      (id) => ({ kind: 'ids', id, arena: a, starts: st, n, slots }),
    );
  }

  events(old: Uint32Array, slots: number): Pending<Uint32Array> {
    if (slots < this.minSlots) return ready(fillEvents(old));
    return this.submit(
      () => fillEvents(old),
      (id) => ({ kind: 'events', id, old }),
    );
  }

  /** Stop the worker; later jobs are computed here. */
  close(): void {
    this.failed = true;
    void this.worker?.terminate();
    this.port?.close();
    this.worker = this.port = undefined;
  }

  private submit<T>(here: () => T, job: (id: number) => Job): Pending<T> {
    const port = this.failed ? undefined : (this.port ?? this.start());
    if (!port) return ready(here());
    const r = new Remote(this, this.next++, here);
    this.waiting.set(r.id, r as Remote<unknown>);
    port.postMessage(job(r.id));
    return r;
  }

  private start(): MessagePort {
    const { port1, port2 } = new MessageChannel();
    const w = tsWorker(new URL('./maintain-thread.node.ts', import.meta.url), {
      workerData: { port: port2, signal: this.signal },
      transferList: [port2],
    });
    w.unref();
    w.on('error', () => this.fail());
    w.on('exit', () => this.fail());
    port1.on('message', (m) => {
      this.accept(m);
      this.onResult?.();
    });
    port1.unref();
    this.worker = w;
    this.port = port1;
    return port1;
  }

  private fail(): void {
    if (this.failed) return;
    this.failed = true;
    this.port?.close();
    this.worker = this.port = undefined;
  }

  /** Take what the worker has posted; with wait, until r's result is in (or computed here). */
  collect(r: Remote<unknown>, wait: boolean): void {
    let since = performance.now(),
      seen = Atomics.load(this.signal, 0);
    for (;;) {
      for (let m = this.port && receiveMessageOnPort(this.port); m; m = this.port && receiveMessageOnPort(this.port))
        this.accept(m.message);
      if (r.value !== undefined) return;
      if (this.failed || (wait && performance.now() - since > STALL_MS)) {
        this.drop(r);
        r.value = r.here();
        return;
      }
      if (!wait) return;
      Atomics.wait(this.signal, 0, seen, 50);
      const now = Atomics.load(this.signal, 0);
      if (now !== seen) {
        seen = now;
        since = performance.now();
      }
    }
  }

  private accept(message: unknown): void {
    const { id, value } = message as { id: number; value: unknown };
    const r = this.waiting.get(id);
    if (!r) return;
    r.value = value;
    this.waiting.delete(id);
    this.ran++;
  }

  drop(r: Remote<unknown>): void {
    this.waiting.delete(r.id);
  }
}
