import { parentPort, type Worker } from 'node:worker_threads';
import { tsWorker } from '../graph/index.node.ts';

interface Reply<R> {
  readonly id: number;
  readonly result?: R;
  readonly error?: string;
  /** The error was a RangeError (a request too large): the caller refuses it rather than failing. */
  readonly range?: boolean;
}

/**
 * Calls to a worker thread running `entry` (which answers them with answerCalls): work that would
 * hold the server's event loop for tens of milliseconds or more runs there instead. The worker
 * starts on the first call and does not keep the process alive; a worker that dies fails the calls
 * it held, and the next call starts a new one.
 */
export class ThreadCalls<Q, R> {
  private worker?: Worker;
  private nextId = 0;
  private readonly waiting = new Map<number, { ok: (r: R) => void; fail: (e: Error) => void }>();

  constructor(
    private readonly entry: URL,
    private readonly what: string,
  ) {}

  call(req: Q, transfer: ArrayBuffer[] = []): Promise<R> {
    const w = this.start();
    const id = this.nextId++;
    return new Promise((ok, fail) => {
      this.waiting.set(id, { ok, fail });
      w.postMessage({ id, req }, transfer);
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const w = tsWorker(this.entry);
    w.unref();
    w.on('message', (m: Reply<R>) => {
      const p = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (m.error === undefined) p?.ok(m.result!);
      else p?.fail(m.range ? new RangeError(m.error) : new Error(m.error));
    });
    w.on('error', (e) => this.lost(w, e));
    w.on('exit', (code) => this.lost(w, new Error(`the ${this.what} thread exited (code ${code})`)));
    this.worker = w;
    return w;
  }

  private lost(w: Worker, e: Error): void {
    if (this.worker === w) this.worker = undefined;
    for (const p of this.waiting.values()) p.fail(e);
    this.waiting.clear();
  }
}

/** In a worker started by ThreadCalls: answers each call with `handle`, one after another as they come. */
export function answerCalls<Q, R>(handle: (req: Q) => Promise<R>): void {
  parentPort!.on('message', ({ id, req }: { id: number; req: Q }) => {
    handle(req).then(
      (result) => parentPort!.postMessage({ id, result } satisfies Reply<R>),
      (e: Error) =>
        parentPort!.postMessage({ id, error: e.message, range: e instanceof RangeError } satisfies Reply<R>),
    );
  });
}
