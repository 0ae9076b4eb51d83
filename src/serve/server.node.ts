import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openBackend } from '../backend/open-backend.node.ts';
import { DurableStore, schemaFromModelJson } from '../graph/index.node.ts';
import { loadGraph, loadModel } from '../model/load.node.ts';
import type { Backend } from '../runtime/ops.ts';
import { Scorer } from '../schedule/scorer.ts';
import { readSafetensorsFile } from '../tensor/io.node.ts';
import { asMat } from '../tensor/access.ts';
import { buildApp, type App } from './app.node.ts';
import { checkThresholds, type Thresholds } from './decisions.ts';
import { demoId, loadGraphFile } from './demo-graph.node.ts';
import { ServedModels } from './served-model.ts';
import { loadToken } from './token.node.ts';
import { VersionLoader } from './load/version-loader.node.ts';
import { ServingState } from './load/serving-state.node.ts';

export interface ServeOptions {
  readonly host: string;
  readonly port: number;
  /** Where the store (its log and snapshots) and the generated token live. */
  readonly dataDir: string;
  /** A weft-model/1 directory (model.json + weights.safetensors). */
  readonly modelDir: string;
  /** A graph file (fixture layout) loaded into the store when it is empty, ids `<type>-<row>`; none: start empty. */
  readonly graphFile?: string;
  /** 'auto': WebGPU when an adapter opens, else the CPU (and says so). */
  readonly backend: 'auto' | 'cpu' | 'webgpu';
  readonly deadlineMs: number;
  readonly thresholds: Thresholds;
  readonly fsync: 'batch' | 'interval' | 'none';
  /** Score requests handled at once, at most: past it a new one is a 503 with Retry-After. Default DEFAULT_MAX_PENDING (app.node.ts). */
  readonly maxPending?: number;
  /** Where progress lines go; default stdout. */
  readonly log?: (line: string) => void;
}

export interface RunningServer {
  readonly url: string;
  readonly token: string;
  readonly tokenGenerated: boolean;
  readonly backend: string;
  /** An account to try, for the banner's curl line. */
  readonly example: { type: string; id: string };
  readonly app: App;
  /** Stop accepting, finish the requests in flight, close the store (its log synced). */
  close(): Promise<void>;
}

/** Opens (or recovers) the store, loads the model, warms it up and listens. */
export async function startServer(o: ServeOptions): Promise<RunningServer> {
  const log = o.log ?? ((l: string) => console.log(l));
  checkThresholds(o.thresholds, 'thresholds');
  mkdirSync(o.dataDir, { recursive: true });
  const { token, generated } = loadToken(o.dataDir);
  const model = await loadModel(o.modelDir);
  const spec = JSON.parse(readFileSync(join(o.modelDir, 'model.json'), 'utf8'));
  const widths: Record<string, number> = {};
  if (o.graphFile) for (const [t, x] of (await loadGraph(o.graphFile)).x) widths[t] = x.cols;
  const schema = schemaFromModelJson(spec, widths, undefined, true);
  const ds = await DurableStore.open(join(o.dataDir, 'store'), schema, { fsync: o.fsync });
  try {
    const empty = [...ds.store.nodes.values()].every((n) => n.ids.size === 0);
    if (empty && o.graphFile) {
      log(`loading ${o.graphFile} into ${o.dataDir} (first start)…`);
      const { nodes, edges } = await loadGraphFile(ds, o.graphFile, () => {});
      log(`loaded ${nodes} nodes and ${edges} edges`);
    } else if (!empty) log(`recovered the store in ${o.dataDir} (batch ${ds.lastSeq})`);
    const gpu = await webgpu(o.backend, log);
    const scorer = new Scorer({ model, store: ds.store, webgpu: gpu ? [gpu] : [], deadlineMs: o.deadlineMs });
    const loader = new VersionLoader({ store: ds.store, gpus: gpu ? [gpu] : [], deadlineMs: o.deadlineMs });
    const example = await exampleTarget(o, model.scoredTypes[0], ds);
    if (example) await scorer.warmUp({ [example.type]: [example.id] });
    const served = new ServedModels();
    served.add({
      name: model.name,
      version: '1',
      model,
      scorer,
      thresholds: o.thresholds,
      loadedAt: new Date().toISOString(),
      source: resolve(o.modelDir),
    });
    const serving = new ServingState(join(o.dataDir, 'serving.json'));
    await serving.restore(served, loader, log);
    const app = buildApp({
      ds,
      models: served,
      loader,
      token,
      deadlineMs: o.deadlineMs,
      maxPending: o.maxPending,
      thresholds: o.thresholds,
      modelsDir: join(o.dataDir, 'models'),
      shadowLog: join(o.dataDir, 'shadow.jsonl'),
      saved: () => serving.save(served),
      log,
      gpu,
    });
    await app.app.listen({ host: o.host, port: o.port });
    const addr = app.app.server.address();
    const port = typeof addr === 'object' && addr ? addr.port : o.port;
    app.ready = true;
    return {
      url: `http://${o.host.includes(':') ? `[${o.host}]` : o.host}:${port}`,
      token,
      tokenGenerated: generated,
      backend: gpu ? gpu.description : 'cpu',
      example: example ?? { type: model.scoredTypes[0], id: '<id>' },
      app,
      close: async () => {
        app.ready = false;
        await drain(app);
        await app.app.close();
        await app.shadows.close();
        await loader.close();
        await ds.close();
      },
    };
  } catch (e) {
    await ds.close();
    throw e;
  }
}

/**
 * Waits, still listening, until the loop has been free and no request in flight for QUIET_MS (at
 * most DRAIN_MAX_MS). Closing at once would reset connections still waiting to be accepted or
 * read (a loop busy scoring takes them a few per turn), and /readyz already tells balancers to stop
 * sending. Quiet is counted in free turns of a 10 ms timer: time the loop spent blocked in a run
 * does not count, or a run of 100 ms would look like 100 ms of quiet.
 */
const QUIET_MS = 100;
const TICK_MS = 10;
const DRAIN_MAX_MS = 10_000;

async function drain(app: App): Promise<void> {
  const end = performance.now() + DRAIN_MAX_MS;
  let quiet = 0;
  let last = performance.now();
  while (performance.now() < end) {
    await new Promise((r) => setTimeout(r, TICK_MS));
    const now = performance.now();
    const free = now - last < 3 * TICK_MS;
    last = now;
    quiet = app.inFlight === 0 && free ? quiet + TICK_MS : 0;
    if (quiet >= QUIET_MS) return;
  }
}

async function webgpu(choice: ServeOptions['backend'], log: (l: string) => void): Promise<Backend | undefined> {
  if (choice === 'cpu') return undefined;
  try {
    return await openBackend('webgpu');
  } catch (e) {
    if (choice === 'webgpu') throw e;
    log(`no WebGPU adapter (${(e as Error).message.split('\n')[0]}): serving on the CPU backend`);
    return undefined;
  }
}

/** The demo's highest-scoring account by PyG's own scores when the model directory has them; else the first node. */
async function exampleTarget(
  o: ServeOptions,
  type: string,
  ds: DurableStore,
): Promise<{ type: string; id: string } | undefined> {
  const ids = ds.store.nodes.get(type)?.ids;
  if (!ids || ids.size === 0) return undefined;
  const expected = join(o.modelDir, 'expected.safetensors');
  if (o.graphFile && existsSync(expected)) {
    try {
      const m = asMat(await readSafetensorsFile(expected), `out.${type}`);
      let best = 0;
      for (let r = 1; r < m.rows; r++) if (m.data[r * m.cols] > m.data[best * m.cols]) best = r;
      if (ids.lookup(demoId(type, best)) >= 0) return { type, id: demoId(type, best) };
    } catch {
      // No usable expected scores: the first node will do.
    }
  }
  return { type, id: ids.idOf(0) };
}
