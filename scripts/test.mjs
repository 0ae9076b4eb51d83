// Runs every test/**/*.test.ts under uvu in a child process (so a crash still counts), streams its
// output, and ends with the line CI reads: `tests: N passed, N failed`. Args filter test files by substring.
// Without args the static checks (scripts/check.mjs) run first, and each counts as a test.
import { spawn } from 'node:child_process';
import { CHECKS, runChecks } from './check.mjs';

const filters = process.argv.slice(2);
const checksRun = filters.length === 0 ? CHECKS.length : 0;
const checksFailed = checksRun > 0 ? runChecks() : 0;

const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/test-all.ts', ...filters], {
  stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, FORCE_COLOR: '0' },
});
let out = '';
child.stdout.on('data', (d) => {
  out += d;
  process.stdout.write(d);
});
child.on('close', (code, signal) => {
  const total = Number(/Total:\s+(\d+)/.exec(out)?.[1] ?? NaN);
  const passed = Number(/Passed:\s+(\d+)/.exec(out)?.[1] ?? NaN);
  if (Number.isNaN(total) || Number.isNaN(passed)) {
    console.log(`\ntest process ended (${signal ?? `exit ${code}`}) before uvu printed its summary`);
    console.log(`tests: ${checksRun - checksFailed} passed, ${checksFailed + 1} failed`);
    process.exit(1);
  }
  const failed = total - passed + (code !== 0 && total === passed ? 1 : 0) + checksFailed;
  console.log(`tests: ${passed + checksRun - checksFailed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
});
