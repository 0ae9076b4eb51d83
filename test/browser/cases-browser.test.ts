// The browser bundle in headless Chromium: WebGPU through navigator.gpu (Chromium's limits: 10
// storage buffers per stage, 256 invocations per workgroup) on every reference case.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { relative } from 'node:path';
import { buildBrowser } from '../../scripts/build-browser.mjs';
import { allCaseDirs, REL_TOL, ROW_TOL } from '../fixtures.ts';
import { openPage, type BrowserPage } from './page.ts';

let b: BrowserPage;
let results: { name: string; adapter: string; error: string | null }[] = [];
let setupError: string | null = null; // uvu reports a failing before hook with no message, so tests repeat it

test.before(async () => {
  try {
    await run();
  } catch (e) {
    setupError = (e as Error).stack ?? String(e);
  }
});

async function run() {
  await buildBrowser();
  b = await openPage();
  const cases = allCaseDirs().map(({ name, dir }) => ({
    name,
    base: dir.startsWith(process.cwd())
      ? `/repo/${relative(process.cwd(), dir)}`
      : `/shared/${relative(`${process.cwd()}/../shared`, dir)}`,
  }));
  results = await b.page.evaluate(
    async ({ cases, relTol, rowTol }) => {
      // @ts-expect-error: served by the test's own server, built by scripts/build-browser.mjs
      const weft = await import('/repo/dist/weft.browser.js');
      const backend = await weft.createWebGpuBackend();
      const bytes = async (u: string) => new Uint8Array(await (await fetch(u)).arrayBuffer());
      const out = [];
      for (const c of cases) {
        try {
          const model = weft.Model.fromSpec(
            await (await fetch(`${c.base}/model.json`)).json(),
            weft.parseSafetensors(await bytes(`${c.base}/weights.safetensors`), 'weights'),
          );
          const graph = weft.graphFromSafetensors(
            weft.parseSafetensors(await bytes(`${c.base}/graph.safetensors`), 'graph'),
          );
          const expected = weft.parseSafetensors(await bytes(`${c.base}/expected.safetensors`), 'expected');
          const got = await model.run(graph, { backend });
          const problems: string[] = [];
          for (const k of expected.tensors.keys()) {
            const e = weft.asMat(expected, k);
            const a = got.get(k);
            const m = a ? weft.compareMats(a, e, relTol, rowTol) : null;
            if (!a) problems.push(`${k} missing`);
            else if (m) problems.push(weft.describeMismatch(k, m, a, e));
          }
          out.push({ name: c.name, adapter: backend.description, error: problems.length ? problems.join('; ') : null });
        } catch (e) {
          out.push({ name: c.name, adapter: backend.description, error: String((e as Error).stack ?? e) });
        }
      }
      return out;
    },
    { cases, relTol: REL_TOL, rowTol: ROW_TOL },
  );
}

test.after(async () => b?.close());

test('browser: the adapter is WebGPU through navigator.gpu', () => {
  if (setupError) assert.unreachable(setupError);
  assert.ok(results.length > 0, 'no case ran');
  assert.match(results[0].adapter, /^webgpu: /);
});

for (const { name } of allCaseDirs()) {
  test(`browser: case ${name} on WebGPU in Chromium reproduces PyG`, () => {
    const r = results.find((x) => x.name === name);
    assert.ok(r, `case ${name} did not run${setupError ? `: ${setupError}` : ''}`);
    if (r.error) assert.unreachable(r.error);
  });
}

test.run();
