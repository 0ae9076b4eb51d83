// `npm run bench -- <name> [args]` runs bench/<name>.ts; each prints a table, then one final JSON line.
import { existsSync } from 'node:fs';

const [name, ...rest] = process.argv.slice(2);
const file = new URL(`./${name}.ts`, import.meta.url);
if (!name || !existsSync(file)) {
  console.error(`usage: npm run bench -- <name> [args]   (name: a file bench/<name>.ts, e.g. cases, kernels, graph)`);
  process.exit(2);
}
process.argv = [process.argv[0], file.pathname, ...rest];
await import(file.href);
