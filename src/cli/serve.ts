import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import { parseArgs } from './args.ts';
import { DEFAULT_THRESHOLDS } from '../serve/decisions.ts';
import { startServer, type ServeOptions } from '../serve/server.node.ts';
import { DEFAULT_MAX_PENDING } from '../serve/app.node.ts';
import { applyGcTuning, DEFAULT_HEAP_GROWTH_PERCENT, gcTuning } from '../serve/gc-tuning.node.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DEMO = join(ROOT, 'models', 'demo');

export const SERVE_USAGE = 'weft serve [options]   (npm start; weft serve --help lists them)';

const HELP = `weft serve: the scoring server (HTTP, JSON) over a durable graph store.

options (environment variables in brackets):
  --host HOST            address to listen on [HOST]; default 127.0.0.1 (loopback only)
  --port PORT            port [PORT]; default 8080, 0 picks a free one
  --data DIR             data directory: the store's log and snapshots, the write token [WEFT_DATA];
                         default ./.weft-data
  --model DIR            weft-model/1 directory (model.json + weights.safetensors); default the demo
  --graph FILE           graph file (fixture layout) loaded into an empty store, ids <type>-<row>;
                         default the demo's graph with the demo model, none with --model; 'none' starts empty
  --backend B            auto (WebGPU when an adapter opens, else the CPU), cpu or webgpu; default auto
  --deadline-ms N        a score's deadline when the request gives none; default 50
  --review X, --block X  decision thresholds on the score: review from X, block from X; default 0.5, 0.9
  --fsync P              batch (fsync before each acknowledgement), interval (every 100 ms) or none; default batch
  --max-pending N        score requests handled at once; past it a new one is refused (503, Retry-After)
                         before its body is read, so overload is answered, not queued; default ${DEFAULT_MAX_PENDING}
  --heap-growth P        how far (%) the JS heap may grow past its live size before V8 collects it whole:
                         fewer full collections, fewer late answers, more memory; default ${DEFAULT_HEAP_GROWTH_PERCENT}
                         (to 5x; the live heap is tens of MB, the graph lives outside it), 0 leaves V8's own.
                         On 2 cores or fewer, young-generation collections also run on the main thread alone
  --help                 this text

The write routes (POST /v1/events) need "Authorization: Bearer <token>": WEFT_TOKEN, or the token
generated on first start into <data>/token (mode 0600) and printed.`;

function number(
  v: string | undefined,
  flag: string,
  fallback: number,
  check: (n: number) => boolean,
  what: string,
): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (v.trim() === '' || !check(n)) throw new Error(`${flag} is '${v}', expected ${what}`);
  return n;
}

function oneOf<T extends string>(v: string | undefined, flag: string, allowed: readonly T[], fallback: T): T {
  if (v === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(v))
    throw new Error(`${flag} is '${v}', expected one of ${allowed.join(', ')}`);
  return v as T;
}

/** The server's options and the collector's tuning for its process. */
type Options = ServeOptions & { readonly heapGrowthPercent: number };

function serveOptions(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Options | 'help' {
  const a = parseArgs(
    argv,
    [
      'host',
      'port',
      'data',
      'model',
      'graph',
      'backend',
      'deadline-ms',
      'review',
      'block',
      'fsync',
      'max-pending',
      'heap-growth',
    ],
    ['help'],
  );
  if (a.flags.has('help')) return 'help';
  const v = (k: string, e?: string) => a.values.get(k) ?? (e ? env[e] : undefined);
  const model = a.values.get('model');
  const graph = a.values.get('graph') ?? (model ? undefined : join(DEMO, 'graph.safetensors'));
  return {
    host: v('host', 'HOST') ?? '127.0.0.1',
    port: number(
      v('port', 'PORT'),
      '--port',
      8080,
      (n) => Number.isInteger(n) && n >= 0 && n < 65536,
      'a port 0-65535',
    ),
    dataDir: resolve(v('data', 'WEFT_DATA') ?? '.weft-data'),
    modelDir: resolve(model ?? DEMO),
    graphFile: graph === undefined || graph === 'none' ? undefined : resolve(graph),
    backend: oneOf(v('backend'), '--backend', ['auto', 'cpu', 'webgpu'] as const, 'auto'),
    deadlineMs: number(
      v('deadline-ms'),
      '--deadline-ms',
      50,
      (n) => n > 0 && n <= 60_000,
      'milliseconds in (0, 60000]',
    ),
    thresholds: {
      review: number(v('review'), '--review', DEFAULT_THRESHOLDS.review, Number.isFinite, 'a number'),
      block: number(v('block'), '--block', DEFAULT_THRESHOLDS.block, Number.isFinite, 'a number'),
    },
    fsync: oneOf(v('fsync'), '--fsync', ['batch', 'interval', 'none'] as const, 'batch'),
    maxPending: number(
      v('max-pending'),
      '--max-pending',
      DEFAULT_MAX_PENDING,
      (n) => Number.isInteger(n) && n >= 1,
      'a positive integer',
    ),
    heapGrowthPercent: number(
      v('heap-growth'),
      '--heap-growth',
      DEFAULT_HEAP_GROWTH_PERCENT,
      (n) => Number.isInteger(n) && n >= 0 && n <= 10_000,
      'an integer percent in [0, 10000]',
    ),
  };
}

/** Runs until SIGTERM or SIGINT: then stops accepting, drains in-flight requests, syncs the log, exits 0. */
export async function serve(argv: readonly string[]): Promise<number> {
  const o = serveOptions(argv);
  if (o === 'help') {
    console.log(HELP);
    return 0;
  }
  const gc = applyGcTuning(gcTuning(o.heapGrowthPercent));
  const t0 = performance.now();
  const s = await startServer(o);
  const body = JSON.stringify({ targets: [s.example] });
  console.log(`weft serve: listening on ${s.url} (ready in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  console.log(`  model    ${o.modelDir}`);
  console.log(`  backend  ${s.backend}`);
  console.log(`  data     ${o.dataDir}`);
  console.log(`  gc       ${gc}`);
  console.log(
    `  token    ${s.token} (${process.env.WEFT_TOKEN ? 'from WEFT_TOKEN' : s.tokenGenerated ? `new, saved in ${join(o.dataDir, 'token')}` : `from ${join(o.dataDir, 'token')}`}: send it as "Authorization: Bearer <token>" to POST /v1/events, PUT /v1/models/…, PUT /v1/routes/…)`,
  );
  console.log(`  analyst  ${s.url}/demo (scores and explains an account in your browser)`);
  console.log(`try:\n  curl -s ${s.url}/v1/score -H 'content-type: application/json' -d '${body}'`);
  await new Promise<void>((done) => {
    let draining = false;
    const stop = (sig: string) => {
      // A second signal while draining (a supervisor and a shell both passing one on) must not
      // kill the drain; a second Ctrl-C is the way to force it.
      if (draining) {
        if (sig === 'SIGINT') {
          console.error('weft serve: second SIGINT: exiting without draining');
          process.exit(130);
        }
        console.log(`weft serve: ${sig} again: still draining`);
        return;
      }
      draining = true;
      console.log(`weft serve: ${sig}: draining in-flight requests, syncing the log…`);
      void s.close().then(done, (e) => {
        console.error(`weft serve: close failed: ${(e as Error).message}`);
        process.exitCode = 1;
        done();
      });
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
  });
  console.log('weft serve: stopped');
  return 0;
}
