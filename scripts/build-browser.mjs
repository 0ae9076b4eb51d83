// Bundles src/browser.ts for the page (ESM, no Node built-ins): dist/weft.browser.js.
import { build } from 'esbuild';

export async function buildBrowser(outfile = 'dist/weft.browser.js') {
  await build({ entryPoints: ['src/browser.ts'], bundle: true, format: 'esm', platform: 'browser', target: 'es2022', outfile, sourcemap: true, logLevel: 'warning' });
  return outfile;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await buildBrowser());
