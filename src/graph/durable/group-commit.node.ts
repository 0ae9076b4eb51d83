import type { WalWriter } from './wal.node.ts';

type Item =
  | { kind: 'record'; buf: Buffer; seq: number; done: (e?: Error) => void }
  | { kind: 'barrier'; run: () => Promise<void>; done: (e?: Error) => void };

/**
 * Group commit: records submitted while a write+fsync is under way go out together in the
 * next one, in submission order, and each submitter is answered once its record is durable.
 * The fsync (7 ms on the 2 × AMD EPYC, 2 cores machine's disk in `npm run bench -- graph`, 29 Nov 2026) then costs once per group instead of once per batch, and it runs on
 * libuv's thread pool while the main thread applies the previous batch. A barrier runs alone
 * between two groups (log rotation for a snapshot). After a write fails, everything fails.
 * `synced` is the last batch known to be on disk; `onSynced` hears each advance (the checkpoint)
 * before the group is answered, and its throw fails the group.
 */
export class GroupCommit {
  private items: Item[] = [];
  private running = false;
  private failed: Error | undefined;

  constructor(
    public writer: WalWriter,
    private readonly fsync: boolean,
    public synced: number,
    private readonly onSynced: (seq: number) => void,
  ) {}

  append(buf: Buffer, seq: number): Promise<void> {
    return new Promise((resolve, reject) =>
      this.push({ kind: 'record', buf, seq, done: (e) => (e ? reject(e) : resolve()) }),
    );
  }

  /** Run `run` after every record submitted before it is written (durable, under fsync per batch) and before any submitted after it is written. */
  barrier(run: () => Promise<void>): Promise<void> {
    return new Promise((resolve, reject) =>
      this.push({ kind: 'barrier', run, done: (e) => (e ? reject(e) : resolve()) }),
    );
  }

  /** fsync the segment now (fsync policy 'interval', rotation, close): what was written before it is on disk after. */
  async sync(): Promise<void> {
    const writer = this.writer,
      seq = writer.lastSeq;
    await writer.sync();
    this.advance(seq);
  }

  get error(): Error | undefined {
    return this.failed;
  }

  private advance(seq: number): void {
    this.synced = Math.max(this.synced, seq);
    this.onSynced(seq);
  }

  private push(item: Item): void {
    if (this.failed) {
      item.done(this.failed);
      return;
    }
    this.items.push(item);
    if (!this.running) void this.drain();
  }

  private async drain(): Promise<void> {
    this.running = true;
    while (this.items.length > 0) {
      const first = this.items[0];
      let group: Item[];
      if (first.kind === 'barrier') group = this.items.splice(0, 1);
      else {
        const end = this.items.findIndex((i) => i.kind === 'barrier');
        group = this.items.splice(0, end < 0 ? this.items.length : end);
      }
      try {
        if (first.kind === 'barrier') await first.run();
        else {
          const recs = group as Extract<Item, { kind: 'record' }>[];
          const last = recs[recs.length - 1].seq;
          await this.writer.append(
            recs.length === 1 ? recs[0].buf : Buffer.concat(recs.map((i) => i.buf)),
            last,
            this.fsync,
          );
          if (this.fsync) this.advance(last);
        }
        for (const i of group) i.done();
      } catch (e) {
        this.failed = e as Error;
        for (const i of [...group, ...this.items.splice(0)]) i.done(this.failed);
      }
    }
    this.running = false;
  }
}
