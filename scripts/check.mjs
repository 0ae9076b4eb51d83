// The static checks that keep the house in order, each a pass or a fail: types (tsc), format and
// lint (Biome), the module map and import circles (dependency-cruiser), unused files, exports and
// dependencies (knip). `npm run check` runs them alone; `npm test` runs them first and counts them.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = (name) => fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url));

const TAIL = 60;

export const CHECKS = [
  { name: 'types (tsc --noEmit)', cmd: bin('tsc'), args: ['--noEmit'] },
  { name: 'format and lint (npm run lint: biome ci)', cmd: 'npm', args: ['run', '-s', 'lint'] },
  { name: 'module map and circles (npm run deps: dependency-cruiser)', cmd: 'npm', args: ['run', '-s', 'deps'] },
  { name: 'unused files, exports, dependencies (npm run unused: knip)', cmd: 'npm', args: ['run', '-s', 'unused'] },
];

/** Runs every check; prints a line per check and a failing check's output. Returns the failure count. */
export function runChecks(log = console.log) {
  let failed = 0;
  for (const c of CHECKS) {
    const t0 = performance.now();
    const r = spawnSync(c.cmd, c.args, {
      encoding: 'utf8',
      maxBuffer: 256 << 20,
      env: { ...process.env, FORCE_COLOR: '0' },
    });
    const ms = Math.round(performance.now() - t0);
    if (r.status === 0) log(`check ok: ${c.name} (${ms} ms)`);
    else {
      failed++;
      log(`check FAILED: ${c.name} (exit ${r.status ?? r.signal ?? r.error?.message})`);
      const lines = `${r.stdout ?? ''}${r.stderr ?? ''}`.trimEnd().split('\n');
      if (lines.length > TAIL) log(`… (${lines.length - TAIL} lines above; run the check alone for all)`);
      log(lines.slice(-TAIL).join('\n'));
    }
  }
  return failed;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const failed = runChecks();
  console.log(`checks: ${CHECKS.length - failed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}
