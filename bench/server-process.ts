// `weft serve` as a child process, as a user deploys it: the bench is only its client over loopback.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const WEFT = fileURLToPath(new URL('../bin/weft.mjs', import.meta.url));
/** Lines of the server's output kept, to show when it dies. */
const TAIL_LINES = 40;

export interface WeftServer {
  readonly url: string;
  readonly token: string;
  /** The banner's backend line: `cpu`, or the WebGPU adapter's description. */
  readonly backend: string;
  readonly child: ChildProcess;
  /** The server's last output lines. */
  tail(): string;
  /** SIGTERM (drain, sync, exit); resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `weft serve --port 0 ...args` and resolves once its banner (ending with the curl line) is printed. */
export function startWeft(args: string[], log: (m: string) => void): Promise<WeftServer> {
  // The bench's own allocator tuning (npm run bench sets it) is not the server's: it runs as `npm start` would.
  const { MALLOC_MMAP_THRESHOLD_: _, ...env } = process.env;
  const child = spawn(process.execPath, [WEFT, 'serve', '--port', '0', ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (d: Buffer) => {
    out = (out + d).split('\n').slice(-TAIL_LINES).join('\n');
  };
  const exited = new Promise<number | null>((ok) => child.on('exit', (code) => ok(code)));
  let banner = '';
  return new Promise((ok, fail) => {
    const onData = (d: Buffer) => {
      banner += d;
      for (const line of String(d).split('\n')) if (line.trim() && !/^\s/.test(line)) log(`server: ${line}`);
      const url = /listening on (http:\/\/\S+)/.exec(banner)?.[1];
      if (!url || !/curl -s .*\n/.test(banner)) return;
      child.stdout!.off('data', onData);
      child.stdout!.on('data', keep);
      let stopping = false;
      void exited.then((code) => {
        if (!stopping) log(`weft serve exited (${code}) while the bench ran; its last lines:\n${out}`);
      });
      ok({
        url,
        token: /\n\s+token\s+(\S+)/.exec(banner)![1],
        backend: /\n\s+backend\s+(.+)\n/.exec(banner)![1],
        child,
        tail: () => out,
        stop: () => {
          stopping = true;
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          return exited;
        },
      });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => {
      keep(d);
      banner += d;
    });
    void exited.then((code) => fail(new Error(`weft serve exited (${code}) before listening:\n${banner}`)));
  });
}

export interface Reply {
  readonly status: number;
  // biome-ignore lint/suspicious/noExplicitAny: the bench reads whatever JSON the server answered
  readonly body: any;
}

/** One control-plane call (not timed: loads go through server-load.ts's keep-alive client). */
export async function callJson(
  url: string,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
): Promise<Reply> {
  const r = await fetch(url + path, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  try {
    return { status: r.status, body: JSON.parse(text) };
  } catch {
    return { status: r.status, body: text };
  }
}
