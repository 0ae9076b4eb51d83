// Driving the analyst page (examples/analyst) in Chromium: shared by its test and `npm run bench -- analyst`.
import type { Browser, Page } from 'playwright-core';

/** What the page exposes as `weftDemo.last` after scoring an account. */
export interface PageResult {
  id: string;
  pageScore: number;
  serverScore: number;
  warmMs: number;
  nodes: number;
  neighbours: { type: string; id: string; delta: number }[];
}

interface Demo {
  weftDemo?: { ready: boolean; adapter: string; last?: PageResult };
}

/** A page on `url`/demo, once it has its model and adapter; with the adapter it scores on. */
export async function openAnalyst(browser: Browser, url: string): Promise<{ page: Page; adapter: string }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  // tsx compiles with esbuild's keepNames, so functions handed to page.evaluate call __name().
  await page.addInitScript('globalThis.__name = (f) => f;');
  await page.goto(`${url}/demo`);
  await page.waitForFunction(() => (globalThis as Demo).weftDemo?.ready, null, { timeout: 120_000 });
  return { page, adapter: await page.evaluate(() => (globalThis as Demo).weftDemo!.adapter) };
}

/** Types `id` into the page, submits, and waits for its result. */
export async function scoreInPage(page: Page, id: string): Promise<PageResult> {
  await page.fill('#account', id);
  await page.click('#form button');
  await page.waitForFunction((want) => (globalThis as Demo).weftDemo?.last?.id === want, id, { timeout: 60_000 });
  return (await page.evaluate(() => (globalThis as Demo).weftDemo!.last))!;
}
