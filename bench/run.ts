// `npm run bench [-- SUITE...] [--quick] [--set LABEL] [--results DIR] [flags for the suites]`: every
// suite, or those named (runner.ts). Each suite prints its tables, then one final JSON line; flags
// other than the runner's go to every suite run. `--child SUITE` is how the runner starts a suite.
const SUITES: Record<string, () => Promise<unknown>> = {
  kernels: () => import('./kernels.ts'),
  cases: () => import('./cases.ts'),
  scale: () => import('./scale.ts'),
  graph: () => import('./graph.ts'),
  score: () => import('./score.ts'),
  server: () => import('./server.ts'),
  analyst: () => import('./analyst.ts'),
};
/** Run by name only: it needs headless Chromium and the built page (npm run demo:build). */
const BY_NAME_ONLY = new Set(['analyst']);

const argv = process.argv.slice(2);
if (argv[0] === '--child') {
  const name = argv[1];
  const suite = SUITES[name];
  if (!suite) throw new Error(`bench/run.ts --child: suite '${name}' is not one of ${Object.keys(SUITES).join(', ')}`);
  process.argv = [process.argv[0], new URL(`./${name}.ts`, import.meta.url).pathname, ...argv.slice(2)];
  await suite();
} else {
  const { runBench } = await import('./runner.ts');
  const names = Object.keys(SUITES);
  process.exit(
    await runBench(
      argv,
      names,
      names.filter((s) => !BY_NAME_ONLY.has(s)),
    ),
  );
}
