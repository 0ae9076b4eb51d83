// `npm run bench -- <suite> [args]` runs one suite; each prints a table, then one final JSON line.
const SUITES: Record<string, () => Promise<unknown>> = {
  cases: () => import('./cases.ts'),
  synthetic: () => import('./synthetic.ts'),
  kernels: () => import('./kernels.ts'),
  graph: () => import('./graph.ts'),
  score: () => import('./score.ts'),
  server: () => import('./server.ts'),
  analyst: () => import('./analyst.ts'),
};

const [name, ...rest] = process.argv.slice(2);
const suite = name === undefined ? undefined : SUITES[name];
if (suite === undefined) {
  console.error(
    `usage: npm run bench -- <suite> [args]: suite '${name ?? ''}' is not one of ${Object.keys(SUITES).join(', ')}`,
  );
  process.exit(2);
}
process.argv = [process.argv[0], new URL(`./${name}.ts`, import.meta.url).pathname, ...rest];
await suite();
