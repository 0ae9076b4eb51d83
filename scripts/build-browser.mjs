// Bundles src/browser.ts for the page (ESM, no Node built-ins): dist/weft.browser.js.
import { build } from 'esbuild';

// Node-only modules end in .node.ts: one reached from the browser entry fails the build, not the page.
const nodeOnly = {
  name: 'node-only',
  setup(b) {
    b.onResolve({ filter: /\.node\.ts$/ }, (a) => ({
      errors: [{ text: `${a.importer} imports ${a.path}, which is Node-only` }],
    }));
  },
};

export async function buildBrowser(outfile = 'dist/weft.browser.js') {
  await build({
    entryPoints: ['src/browser.ts'],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outfile,
    sourcemap: true,
    logLevel: 'warning',
    plugins: [nodeOnly],
  });
  return outfile;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await buildBrowser());
