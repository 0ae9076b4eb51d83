// The Scorer in headless Chromium: src/schedule is browser-safe, and scores there as in Node.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildBrowser } from '../../scripts/build-browser.mjs';
import { openPage, type BrowserPage } from './page.ts';

let b: BrowserPage | undefined;
test.after(async () => b?.close());

test('browser: a GraphStore filled from events, scored by the Scorer on cpu and WebGPU, equals full-graph inference', async () => {
  await buildBrowser();
  b = await openPage();
  const r = await b.page.evaluate(async () => {
    // @ts-expect-error: served by the test's own server, built by scripts/build-browser.mjs
    const weft = await import('/repo/dist/weft.browser.js');
    const base = '/shared/fixtures/pyg/hetero_sage';
    const bytes = async (u: string) => new Uint8Array(await (await fetch(u)).arrayBuffer());
    const spec = await (await fetch(`${base}/model.json`)).json();
    const model = weft.Model.fromSpec(spec, weft.parseSafetensors(await bytes(`${base}/weights.safetensors`), 'w'));
    const graph = weft.graphFromSafetensors(weft.parseSafetensors(await bytes(`${base}/graph.safetensors`), 'g'));
    const widths: Record<string, number> = {};
    for (const [t, x] of graph.x) widths[t] = x.cols;
    const store = new weft.GraphStore(weft.schemaFromModelJson(spec, widths));
    // Nodes in row order (store index = row), then every edge: as a stream of events would bring them.
    const events = [];
    for (const [t, x] of graph.x)
      for (let r = 0; r < x.rows; r++)
        events.push({
          id: `n-${t}-${r}`,
          time: 100,
          ops: [{ op: 'upsert_node', type: t, id: `${t}${r}`, x: [...x.data.subarray(r * x.cols, (r + 1) * x.cols)] }],
        });
    for (const [k, es] of graph.edges) {
      const c = es.csr;
      const ops = [];
      for (let i = 0; i < c.numDst; i++)
        for (let j = c.rowptr[i]; j < c.rowptr[i + 1]; j++)
          ops.push({ op: 'add_edge', rel: k, src: `${es.src}${c.col[j]}`, dst: `${es.dst}${i}` });
      events.push({ id: `e-${k}`, time: 100, ops });
    }
    store.ingest(events);
    const cpu = new weft.CpuBackend();
    const webgpu = await weft.createWebGpuBackend();
    const want = (await model.run(weft.fullGraph(store), { backend: cpu })).get('out.account');
    const ids = ['account0', 'account17', 'account5'];
    const scorer = new weft.Scorer({ model, store, webgpu, fanouts: [-1, -1] });
    const worst = { cpu: 0, webgpu: 0 };
    for (const backend of ['cpu', 'webgpu'] as const) {
      const got = await scorer.score({ account: ids }, { backend });
      if (got.backend !== backend) throw new Error(`asked for ${backend}, ran on ${got.backend}`);
      got.scores.forEach((s: { score: Float32Array }, i: number) => {
        const row = Number(ids[i].slice('account'.length));
        for (let c = 0; c < s.score.length; c++) {
          const e = want.data[row * want.cols + c];
          worst[backend] = Math.max(worst[backend], Math.abs(s.score[c] - e) / Math.max(Math.abs(e), 1e-6));
        }
      });
    }
    let refused = '';
    try {
      await scorer.score({ account: ['nobody'] });
    } catch (e) {
      refused = `${(e as { code: string }).code}: ${(e as Error).message}`;
    }
    return { worst, refused, adapter: webgpu.description };
  });
  assert.match(r.adapter, /^webgpu: /);
  // The CPU twin sums a full neighbourhood in the full graph's order: the same arithmetic, so the same bits.
  assert.is(r.worst.cpu, 0, 'cpu: full-neighbourhood scores equal full-graph inference exactly');
  assert.ok(r.worst.webgpu <= 1e-5, `webgpu: worst relative difference ${r.worst.webgpu}, expected <= 1e-5`);
  assert.match(r.refused, /^bad_request: .*nobody/);
});

test.run();
