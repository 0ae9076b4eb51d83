// The analyst page in real headless Chromium (WebGPU on its SwiftShader) against a real server on
// loopback: three accounts scored in the page equal the server's scores, the explanation's
// neighbours really move the score, an unknown id and a stopped server show messages; a screenshot.
import { statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CpuBackend } from '../../src/backend/cpu-backend.ts';
import { readNeighbourhood } from '../../src/explain/neighbourhood-file.ts';
import { loadModel } from '../../src/model/load.node.ts';
import type { RunningServer } from '../../src/serve/server.node.ts';
import type { EdgeSet } from '../../src/tensor/batch.ts';
import { filterCsr } from '../../src/tensor/csr.ts';
import { call, demoServer } from '../serve/helpers.ts';
import { DEMO } from '../serve/model-dirs.ts';
import { openAnalyst, scoreInPage } from './analyst-page.ts';
import { launchChromium } from './page.ts';

let s: RunningServer;
let browser: Browser;
let page: Page;
let adapter: string;
let stopped = false;

test.before(async () => {
  s = await demoServer();
  browser = await launchChromium();
});
test.after(async () => {
  await browser?.close();
  if (!stopped) await s?.close();
});

test('the page scores three accounts on WebGPU as the server does, and explains them', async () => {
  ({ page, adapter } = await openAnalyst(browser, s.url));
  assert.match(adapter, /^webgpu: /, 'the page scores on WebGPU');
  await page.waitForSelector('#top li[data-id]');
  const ids = await page.$$eval('#top li[data-id]', (lis) =>
    lis.slice(0, 3).map((li) => (li as HTMLElement).dataset.id!),
  );
  assert.is(ids.length, 3);
  const model = await loadModel(DEMO);
  const cpu = new CpuBackend();
  for (const id of ids) {
    const r = await scoreInPage(page, id);
    assert.ok(
      Math.abs(r.pageScore - r.serverScore) <= 1e-4 * Math.max(1, Math.abs(r.serverScore)),
      `${id}: page ${r.pageScore}, server ${r.serverScore}`,
    );
    // The server's score of this neighbourhood is the score POST /v1/score gives: the same sample.
    const scored = await call(s.url, '/v1/score', { targets: [{ type: 'account', id }] });
    assert.ok(
      Math.abs(scored.body.scores[0].score - r.serverScore) <= 1e-5,
      `${scored.body.scores[0].score} vs ${r.serverScore}`,
    );
    // The server explains with the same code: the same neighbours first.
    const why = await call(s.url, '/v1/explain', { target: { type: 'account', id }, top: 3 });
    assert.is(why.status, 200, JSON.stringify(why.body));
    assert.is(why.body.neighbours[0].id, r.neighbours[0].id);
    assert.ok(Math.abs(why.body.neighbours[0].delta - r.neighbours[0].delta) <= 1e-4);
    // Masking the top neighbour really moves the score by its delta: cut its edges here and rescore on the CPU.
    const bytes = new Uint8Array(await (await fetch(`${s.url}/v1/neighbourhood/account/${id}`)).arrayBuffer());
    const n = readNeighbourhood(bytes);
    const top = r.neighbours[0];
    const row = n.ids[top.type].indexOf(top.id);
    const edges = new Map<string, EdgeSet>();
    for (const [k, e] of n.batch.edges)
      edges.set(k, {
        ...e,
        csr: filterCsr(
          e.csr,
          (_eid, src, dst) => !(e.src === top.type && src === row) && !(e.dst === top.type && dst === row),
        ),
      });
    const cut = (await model.run({ ...n.batch, edges }, { backend: cpu })).get('out.account')!.data[0];
    assert.ok(Math.abs(top.delta) > 1e-6, `the top neighbour moves the score (${top.delta})`);
    assert.ok(Math.abs(n.score[0] - cut - top.delta) <= 1e-4, `cut: ${n.score[0] - cut} vs delta ${top.delta}`);
    console.log(`  analyst page: ${id} scored in ${r.warmMs.toFixed(2)} ms warm (${r.nodes} nodes) on ${adapter}`);
  }
  const shot = process.env.WEFT_SCREENSHOT ?? join(tmpdir(), 'weft-analyst.png');
  await page.screenshot({ path: shot });
  assert.ok(statSync(shot).size > 10_000, 'a screenshot with something drawn');
});

test('without WebGPU the page says so, scores on the CPU backend and draws on a 2D canvas', async () => {
  const plain = await launchChromium(false);
  try {
    const { page: p, adapter: a } = await openAnalyst(plain, s.url);
    assert.match(a, /^cpu/);
    assert.match((await p.textContent('#message')) ?? '', /scoring on the CPU backend instead/);
    assert.is(
      await p.evaluate(() => (globalThis as unknown as { weftDemo: { renderer: string } }).weftDemo.renderer),
      'canvas2d',
    );
    const r = await scoreInPage(p, 'account-12');
    assert.ok(Math.abs(r.pageScore - r.serverScore) <= 1e-5, `${r.pageScore} vs ${r.serverScore}`);
  } finally {
    await plain.close();
  }
});

test('an unknown account and a stopped server show a message in the page', async () => {
  await page.fill('#account', 'no-such-account');
  await page.click('#form button');
  await page.waitForSelector('#message.error');
  assert.match(
    (await page.textContent('#message')) ?? '',
    /no-such-account: no 'account' with id "no-such-account" in the store/,
  );
  await s.close();
  stopped = true;
  await page.fill('#account', 'account-1');
  await page.click('#form button');
  await page.waitForFunction(() => /does not answer/.test(document.getElementById('message')!.textContent ?? ''));
});

test.run();
