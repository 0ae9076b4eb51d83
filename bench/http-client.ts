// The server bench's HTTP/1.1 client: keep-alive connections over plain sockets, one request in
// flight on each (no pipelining), a request that finds none free waiting in a queue with its clock
// running. It writes each request whole in one write and reads each answer by its Content-Length.
// The load generator shares the server's two cores, so what it spends is taken from the server:
// node:http's client spent about 140 µs of CPU a request here, this one a fraction of that.
import { connect, type Socket } from 'node:net';

/** Connections open at most: enough for 5,000 requests a second answered within 50 ms. */
const MAX_SOCKETS = 256;
/** A request unanswered this long is a network error. */
const REQUEST_TIMEOUT_MS = 30_000;
const HEAD_END = Buffer.from('\r\n\r\n');

export interface Answer {
  readonly status: number;
  readonly text: string;
}

interface Ask {
  readonly head: string;
  readonly body: string;
  readonly ok: (a: Answer) => void;
  readonly fail: (e: Error) => void;
}

/** One keep-alive connection: at most one request on it at a time. */
class Conn {
  private buf: Buffer = Buffer.alloc(0);
  private ask: Ask | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  closed = false;

  constructor(
    readonly socket: Socket,
    private readonly done: (c: Conn) => void,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (d: Buffer) => this.data(d));
    socket.on('error', (e) => this.end(e));
    socket.on('close', () => this.end(new Error('connection closed by the server')));
  }

  send(a: Ask): void {
    this.ask = a;
    this.timer = setTimeout(() => this.end(new Error(`no answer in ${REQUEST_TIMEOUT_MS} ms`)), REQUEST_TIMEOUT_MS);
    this.socket.write(a.head + a.body);
  }

  private data(d: Buffer): void {
    this.buf = this.buf.length === 0 ? d : Buffer.concat([this.buf, d]);
    const end = this.buf.indexOf(HEAD_END);
    if (end < 0) return;
    const head = this.buf.toString('latin1', 0, end);
    const status = Number(head.slice(9, 12));
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    if (!length) {
      this.end(new Error(`an answer without Content-Length (status ${status}): not read by this client`));
      return;
    }
    const from = end + HEAD_END.length;
    const to = from + Number(length[1]);
    if (this.buf.length < to) return;
    const text = this.buf.toString('utf8', from, to);
    this.buf = this.buf.subarray(to);
    const a = this.ask!;
    this.ask = undefined;
    clearTimeout(this.timer);
    if (/\r\nconnection:\s*close/i.test(head)) this.end();
    a.ok({ status, text });
    if (!this.closed) this.done(this);
  }

  private end(e?: Error): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.timer);
    this.socket.destroy();
    const a = this.ask;
    this.ask = undefined;
    if (a && e) a.fail(e);
    this.done(this);
  }
}

export class HttpClient {
  private readonly host: string;
  private readonly port: number;
  private readonly idle: Conn[] = [];
  private readonly queue: Ask[] = [];
  private open = 0;

  constructor(url: string) {
    const u = new URL(url);
    this.host = u.hostname;
    this.port = Number(u.port);
  }

  /** POST a JSON body; resolves with the status and the body's text, rejects on a network error or timeout. */
  post(path: string, body: string, token?: string): Promise<Answer> {
    const head =
      `POST ${path} HTTP/1.1\r\nhost: ${this.host}:${this.port}\r\ncontent-type: application/json\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\n${token ? `authorization: Bearer ${token}\r\n` : ''}\r\n`;
    return new Promise((ok, fail) => {
      this.queue.push({ head, body, ok, fail });
      this.next();
    });
  }

  close(): void {
    for (const c of this.idle.splice(0)) c.socket.destroy();
  }

  /** Hands waiting requests to idle connections, opening new ones up to MAX_SOCKETS. */
  private next(): void {
    while (this.queue.length > 0) {
      let c = this.idle.pop();
      // An idle connection the server closed meanwhile (its keep-alive timeout) is gone.
      while (c?.closed) c = this.idle.pop();
      if (!c) {
        if (this.open >= MAX_SOCKETS) return;
        this.open++;
        c = new Conn(connect(this.port, this.host), (done) => this.release(done));
      }
      c.send(this.queue.shift()!);
    }
  }

  /**
   * A connection done with its request, or closed. One closed while idle leaves the idle list
   * too: handed a request, a closed connection would never answer it, and its load would wait for
   * it for ever (the bench hung so twice, 3 Dec 2026).
   */
  private release(c: Conn): void {
    if (c.closed) {
      this.open--;
      const i = this.idle.indexOf(c);
      if (i >= 0) this.idle.splice(i, 1);
    } else this.idle.push(c);
    this.next();
  }
}
