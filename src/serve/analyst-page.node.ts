import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** examples/analyst: the page's sources; its build goes to dist/ beside them. */
const ANALYST_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples', 'analyst');

/**
 * Bundles the analyst page (examples/analyst/main.ts with the engine's browser entry, by esbuild)
 * into `outdir` with its index.html: static files any web server can serve. esbuild is a
 * development dependency, loaded only here. Node-only modules (*.node.ts) fail the build.
 */
export async function buildAnalystPage(outdir = join(ANALYST_DIR, 'dist')): Promise<string> {
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
  } catch {
    throw new Error(
      'the analyst page is not built and esbuild is not installed: run npm install, then npm run demo:build',
    );
  }
  mkdirSync(outdir, { recursive: true });
  await esbuild.build({
    entryPoints: [join(ANALYST_DIR, 'main.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outfile: join(outdir, 'analyst.js'),
    sourcemap: true,
    logLevel: 'warning',
    plugins: [
      {
        name: 'node-only',
        setup(b) {
          b.onResolve({ filter: /\.node\.ts$/ }, (a) => ({
            errors: [{ text: `${a.importer} imports ${a.path}, which is Node-only` }],
          }));
        },
      },
    ],
  });
  copyFileSync(join(ANALYST_DIR, 'index.html'), join(outdir, 'index.html'));
  return outdir;
}

let built: Promise<string> | undefined;

/** The built page's folder, built first when absent or older than its sources (once per process). */
export function analystPage(): Promise<string> {
  built ??= (async () => {
    const dist = join(ANALYST_DIR, 'dist');
    const out = join(dist, 'analyst.js');
    const newest = Math.max(
      ...readdirSync(ANALYST_DIR)
        .filter((f) => /\.(ts|html)$/.test(f))
        .map((f) => statSync(join(ANALYST_DIR, f)).mtimeMs),
    );
    if (existsSync(out) && statSync(out).mtimeMs >= newest) return dist;
    return buildAnalystPage(dist);
  })();
  built.catch(() => {
    built = undefined;
  });
  return built;
}
