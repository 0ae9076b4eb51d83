// `npm run bench -- analyst [--accounts N]`: the analyst page's warm score of an account's
// neighbourhood (headless Chromium, WebGPU on its own adapter) against the same graph scored in
// Node in the same run, on WebGPU (Dawn) and on the CPU backend. Both sides time a score the same
// way: one run first, then the median of 5 (the page's own figure). Prints a table, then one JSON line.
import { join } from 'node:path';
import { CpuBackend } from '../src/backend/cpu-backend.ts';
import { openBackend } from '../src/backend/open-backend.node.ts';
import { readNeighbourhood } from '../src/explain/neighbourhood-file.ts';
import { loadModel } from '../src/model/load.node.ts';
import type { Backend } from '../src/runtime/ops.ts';
import type { Batch } from '../src/tensor/batch.ts';
import { openAnalyst, scoreInPage } from '../test/browser/analyst-page.ts';
import { launchChromium } from '../test/browser/page.ts';
import { demoServer } from '../test/serve/helpers.ts';
import { machine, table } from './util.ts';

const i = process.argv.indexOf('--accounts');
const ACCOUNTS = i >= 0 ? Number(process.argv[i + 1]) : 10;
const DEMO = join(process.cwd(), 'models', 'demo');
const log = (m: string) => process.stderr.write(`analyst bench: ${m}\n`);

async function warm(run: () => Promise<unknown>): Promise<number> {
  await run();
  const t: number[] = [];
  for (let k = 0; k < 5; k++) {
    const t0 = performance.now();
    await run();
    t.push(performance.now() - t0);
  }
  return t.sort((a, b) => a - b)[2];
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

const s = await demoServer({ log });
const browser = await launchChromium();
try {
  const { page, adapter: pageAdapter } = await openAnalyst(browser, s.url);
  const top = await (await fetch(`${s.url}/v1/risk/top?n=${ACCOUNTS}`)).json();
  const model = await loadModel(DEMO);
  const gpu = await openBackend('webgpu');
  const cpu: Backend = new CpuBackend();
  const rows: (string | number)[][] = [];
  const pageMs: number[] = [];
  const nodeMs: number[] = [];
  const cpuMs: number[] = [];
  for (const { id } of top.accounts as { id: string }[]) {
    const last = await scoreInPage(page, id);
    const n = readNeighbourhood(
      new Uint8Array(await (await fetch(`${s.url}/v1/neighbourhood/account/${id}`)).arrayBuffer()),
    );
    const batch: Batch = n.batch;
    const g = await warm(() => model.run(batch, { backend: gpu }));
    const c = await warm(() => model.run(batch, { backend: cpu }));
    pageMs.push(last.warmMs);
    nodeMs.push(g);
    cpuMs.push(c);
    rows.push([
      id,
      String(last.nodes),
      last.warmMs.toFixed(2),
      g.toFixed(2),
      (last.warmMs / g).toFixed(2),
      c.toFixed(2),
    ]);
  }
  console.log(`analyst page bench: ${machine()}; page: ${pageAdapter} (headless Chromium); node: ${gpu.description}`);
  console.log(table(['account', 'nodes', 'page ms', 'node webgpu ms', 'page / node', 'node cpu ms'], rows));
  console.log(
    JSON.stringify({
      machine: machine(),
      page_adapter: pageAdapter,
      node_adapter: gpu.description,
      accounts: rows.length,
      page_warm_ms_p50: median(pageMs),
      node_webgpu_warm_ms_p50: median(nodeMs),
      node_cpu_warm_ms_p50: median(cpuMs),
      page_over_node: median(pageMs) / median(nodeMs),
    }),
  );
} finally {
  await browser.close();
  await s.close();
}
