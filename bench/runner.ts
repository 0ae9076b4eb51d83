// The parent of a bench run: parses the command line, prints the machine, runs each suite in its
// own process (bench/run.ts --child SUITE: a suite's heap, threads and GPU device end with it), keeps
// each suite's last JSON line, saves it with the machine under bench/results/<set>/<suite>.json with
// its plots beside it, then makes the README's benchmark section anew from the saved results.
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultSetLabel, describeAdapter, describeMachine, machineInfo } from './machine.ts';
import { clock } from './progress.ts';
import { writeReadme } from './readme.ts';
import { REPORTS } from './reports.ts';
import { RESULTS_ROOT, savePlots, saveSuite } from './results.ts';

const README = fileURLToPath(new URL('../README.md', import.meta.url));
const RUN = fileURLToPath(new URL('./run.ts', import.meta.url));
/**
 * The suites' environment, taken before this process opens an adapter: nodeGpu() sets
 * VK_ICD_FILENAMES for itself, and a child that inherits it skips loading SwiftShader's Vulkan loader.
 */
const CHILD_ENV = { ...process.env };

/** `known`: every suite's name; `byDefault`: those run when none is named. Resolves to the exit code. */
export async function runBench(
  argv: readonly string[],
  known: readonly string[],
  byDefault: readonly string[],
): Promise<number> {
  const names: string[] = [];
  const forward: string[] = [];
  let set: string | undefined;
  let root = RESULTS_ROOT;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--set' || a === '--results') {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) usage(`${a} needs a value`);
      if (a === '--set') set = v;
      else root = resolve(v);
    } else if (!a.startsWith('--') && forward.length === 0) {
      if (!known.includes(a)) usage(`suite '${a}' is not one of ${known.join(', ')}`);
      names.push(a);
    } else forward.push(a);
  }
  const suites = names.length > 0 ? names : byDefault;
  const quick = forward.includes('--quick');

  const machine = await machineInfo();
  const label = set ?? `${defaultSetLabel(machine)}${quick ? '-quick' : ''}`;
  const dir = join(root, label);
  console.log(`machine: ${describeMachine(machine)}\nadapter: ${describeAdapter(machine.adapter)}`);
  console.log(`suites: ${suites.join(', ')}${quick ? ' (quick)' : ''}; results: ${dir}`);

  const t0 = performance.now();
  const failed: string[] = [];
  for (const [i, suite] of suites.entries()) {
    process.stderr.write(`bench [${i + 1}/${suites.length}] ${suite} (${clock(performance.now() - t0)} so far)\n`);
    const started = performance.now();
    const { code, json } = await runSuite(suite, forward);
    const seconds = (performance.now() - started) / 1000;
    if (code !== 0 || !json) {
      failed.push(suite);
      console.error(
        `bench: ${suite} ${code !== 0 ? `exited ${code}` : 'printed no final JSON line'} after ${clock(seconds * 1000)}`,
      );
      continue;
    }
    saveSuite(dir, { suite, set: label, quick, args: forward, machine, seconds, result: json });
    const report = REPORTS.find((r) => r.suite === suite);
    const plots = report ? await savePlots(dir, suite, report.plots(json as never)) : [];
    for (const f of report?.findings(json as never) ?? []) console.log(`finding: ${f}`);
    console.log(
      `bench: ${suite} took ${clock(seconds * 1000)}; saved ${suite}.json${plots.map((p) => `, ${p.slice(dir.length + 1)}`).join('')}`,
    );
  }
  if (root === RESULTS_ROOT) {
    writeReadme(README, root, dirname(README));
    console.log('bench: README.md benchmark section made anew from bench/results');
  }
  console.log(
    `bench: ${suites.length - failed.length} of ${suites.length} suites ran in ${clock(performance.now() - t0)}${failed.length ? `; failed: ${failed.join(', ')}` : ''}`,
  );
  return failed.length > 0 ? 1 : 0;
}

/** The suite in a child process: stdout passed through and kept for its last JSON line; stderr (progress) passed through. */
function runSuite(suite: string, args: string[]): Promise<{ code: number; json: Record<string, unknown> | null }> {
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', RUN, '--child', suite, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: CHILD_ENV,
  });
  let last = '';
  let tail = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (d: string) => {
    process.stdout.write(d);
    const lines = (tail + d).split('\n');
    tail = lines.pop() ?? '';
    for (const l of lines) if (l.startsWith('{')) last = l;
  });
  return new Promise((done) => {
    child.on('close', (code, signal) => {
      if (tail.startsWith('{')) last = tail;
      let json: Record<string, unknown> | null = null;
      try {
        json = last ? (JSON.parse(last) as Record<string, unknown>) : null;
      } catch {
        json = null;
      }
      done({ code: code ?? (signal ? 128 : 1), json });
    });
  });
}

function usage(why: string): never {
  console.error(
    `usage: npm run bench [-- SUITE...] [--quick] [--set LABEL] [--results DIR] [flags for the suites]: ${why}`,
  );
  process.exit(2);
}
