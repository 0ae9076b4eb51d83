// Shared by the server tests: a server on a free loopback port over a fresh data directory, and JSON calls to it.
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_THRESHOLDS } from '../../src/serve/decisions.ts';
import { startServer, type RunningServer, type ServeOptions } from '../../src/serve/server.node.ts';

const DEMO = join(process.cwd(), 'models', 'demo');

export function freshDir(): string {
  return mkdtempSync(join(tmpdir(), 'weft-serve-test-'));
}

export async function demoServer(over: Partial<ServeOptions> = {}): Promise<RunningServer> {
  return startServer({
    host: '127.0.0.1',
    port: 0,
    dataDir: freshDir(),
    modelDir: DEMO,
    graphFile: join(DEMO, 'graph.safetensors'),
    backend: 'cpu',
    deadlineMs: 1000,
    thresholds: DEFAULT_THRESHOLDS,
    fsync: 'none',
    log: () => {},
    ...over,
  });
}

export interface Answer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON came back
  body: any;
}

/** GET without a body, POST with one. */
export function call(url: string, path: string, body?: unknown, token?: string): Promise<Answer> {
  return send(body === undefined ? 'GET' : 'POST', url, path, body, token);
}

export async function send(method: string, url: string, path: string, body?: unknown, token?: string): Promise<Answer> {
  const r = await fetch(url + path, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await r.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON: the test sees the text.
  }
  return { status: r.status, headers: r.headers, body: parsed };
}

/** `weft serve` as a child process; resolves with its URL once its banner is printed. */
export function spawnServer(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ child: ChildProcess; url: string; out: () => string }> {
  const child = spawn(process.execPath, ['bin/weft.mjs', 'serve', '--port', '0', '--backend', 'cpu', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((ok, fail) => {
    const onData = (d: Buffer) => {
      out += d;
      // The banner ends with the curl line: ready, and everything it prints is in `out`.
      const m = /listening on (http:\/\/\S+)[\s\S]*curl -s .*\n/.exec(out);
      if (m) ok({ child, url: m[1], out: () => out });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d) => {
      out += d;
    });
    child.on('exit', (code) => fail(new Error(`weft serve exited (${code}) before listening:\n${out}`)));
  });
}

export function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((ok) => {
    // Killed by a signal, a child has no exit code but a signalCode; either way it has exited.
    if (child.exitCode !== null || child.signalCode !== null) ok(child.exitCode);
    else child.on('exit', (code) => ok(code));
  });
}

/** One POST on its own connection (node:http, no agent): a request in flight is on a connection of its own. */
export function postAlone(url: string, path: string, body: unknown): Promise<Answer> {
  return new Promise((ok, fail) => {
    const data = JSON.stringify(body);
    const req = request(
      url + path,
      {
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => {
          text += c;
        });
        res.on('end', () => ok({ status: res.statusCode ?? 0, headers: new Headers(), body: JSON.parse(text) }));
      },
    );
    req.on('error', fail);
    req.end(data);
  });
}

/** mulberry32: a seeded generator, so fuzz loops send the same bodies every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
