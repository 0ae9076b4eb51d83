import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { analystPage } from '../analyst-page.node.ts';
import { HttpError } from '../errors.ts';

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  map: 'application/json',
};

/** GET /demo: the analyst page (examples/analyst, built on first use), which scores in the browser. */
export function demoRoute(app: FastifyInstance): void {
  app.get('/demo', async (_req, reply) => reply.redirect('/demo/'));
  app.get('/demo/*', async (req, reply) => {
    const file = (req.params as { '*': string })['*'] || 'index.html';
    const ext =
      /^[a-z0-9-]+\.(html|js|map)$/.exec(file)?.[1] ?? (/^[a-z0-9-]+\.js\.map$/.test(file) ? 'map' : undefined);
    if (!ext)
      throw new HttpError(404, 'not_found', `no file ${JSON.stringify(file.slice(0, 100))} in the analyst page`);
    let dir: string;
    try {
      dir = await analystPage();
    } catch (e) {
      throw new HttpError(503, 'page_unavailable', (e as Error).message);
    }
    let body: Buffer;
    try {
      body = await readFile(join(dir, file));
    } catch {
      throw new HttpError(404, 'not_found', `no file ${JSON.stringify(file)} in the analyst page`);
    }
    void reply.header('content-type', TYPES[ext]).header('cache-control', 'no-cache');
    return body;
  });
}
