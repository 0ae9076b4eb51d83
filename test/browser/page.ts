// A static server over the repo and ../shared (GETs only, no directory listing) and headless Chromium
// with WebGPU on its own SwiftShader, for tests that run the browser bundle.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
const TYPES: Record<string, string> = { '.js': 'text/javascript', '.html': 'text/html', '.json': 'application/json' };

export interface BrowserPage {
  page: Page;
  url: string;
  close(): Promise<void>;
}

/** Debian's Chromium, headless, with WebGPU on its own SwiftShader (unless `webgpu` is false); it downloads nothing and dials nowhere. */
export async function launchChromium(webgpu = true): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `${CHROMIUM} not found: install Debian's chromium (apt-get install chromium) for the browser tests`,
    );
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // The background-networking flags keep Chromium from dialing out on a closed network.
    args: [
      '--no-sandbox',
      ...(webgpu ? ['--enable-unsafe-webgpu'] : []),
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export async function openPage(): Promise<BrowserPage> {
  const roots = { '/repo/': process.cwd(), '/shared/': resolve(process.cwd(), '..', 'shared') };
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const [prefix, root] = Object.entries(roots).find(([p]) => path.startsWith(p)) ?? [];
    const file = root && normalize(join(root, path.slice(prefix!.length)));
    if (path === '/') {
      res.setHeader('content-type', 'text/html');
      res.end('<!doctype html><title>weft</title>');
    } else if (root && file?.startsWith(root) && existsSync(file) && statSync(file).isFile()) {
      res.setHeader('content-type', TYPES[extname(file)] ?? 'application/octet-stream');
      res.end(readFileSync(file));
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as { port: number }).port;
  const browser = await launchChromium();
  const page = await browser.newPage();
  // tsx compiles tests with esbuild's keepNames, so functions handed to page.evaluate call __name().
  await page.addInitScript('globalThis.__name = (f) => f;');
  const url = `http://127.0.0.1:${port}`;
  await page.goto(`${url}/`); // WebGPU needs a secure context: localhost is one, about:blank is not
  return {
    page,
    url,
    close: async () => {
      await browser.close();
      server.close();
    },
  };
}
