// `npm run bench -- --quick` as a user runs it, with its results in a temp folder (the committed
// ones are never rewritten by a test): every suite runs, prints its progress, saves its final JSON
// line with the machine, renders its plots, and the README's section is made from what it saved.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { renderSection } from '../../bench/readme.ts';
import { REPORTS } from '../../bench/reports.ts';
import type { Saved } from '../../bench/results.ts';

test('every suite runs in quick mode: results with the machine, plots, progress and a README section', () => {
  const root = mkdtempSync(join(tmpdir(), 'weft-bench-quick-'));
  try {
    const t0 = performance.now();
    const r = spawnSync(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', 'bench/run.ts', '--quick', '--results', root],
      {
        encoding: 'utf8',
        maxBuffer: 256 << 20,
        env: { ...process.env, MALLOC_MMAP_THRESHOLD_: '131072' },
      },
    );
    const out = `${r.stdout}${r.stderr}`;
    assert.is(r.status, 0, `npm run bench -- --quick exited ${r.status}:\n${out.slice(-4000)}`);
    console.log(`  bench --quick: ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    const [set] = readdirSync(root);
    assert.ok(set?.endsWith('-quick'), `a '-quick' set under ${root}, found ${readdirSync(root).join(', ')}`);
    for (const report of REPORTS) {
      const file = join(root, set, `${report.suite}.json`);
      assert.ok(existsSync(file), `${report.suite}: no ${file}`);
      const saved = JSON.parse(readFileSync(file, 'utf8')) as Saved;
      assert.is(saved.result.bench, report.suite, `${report.suite}.json holds the suite's JSON line`);
      assert.ok(saved.quick && saved.machine.cores > 0 && saved.machine.node, `${report.suite}.json names the machine`);
      assert.match(
        out,
        new RegExp(`bench \\[\\d/${REPORTS.length}\\] ${report.suite} `),
        `${report.suite}: progress on stderr`,
      );
      for (const plot of report.plots(saved.result as never)) {
        const svg = join(root, set, `${report.suite}-${plot.name}.svg`);
        assert.ok(readFileSync(svg, 'utf8').startsWith('<svg'), `${svg} is an SVG`);
      }
    }
    assert.match(out, /^\| kernel +\| ms +\| rate/m, 'the kernels table is printed as Markdown');
    assert.match(out, /^scale \[\d+\/\d+\] .*left\)$/m, 'scale reports the time left');
    const section = renderSection(root, process.cwd());
    for (const report of REPORTS) assert.ok(section.includes(`### ${report.title}`), `the section has ${report.title}`);
    assert.match(section, /\| `[a-z0-9-]+-quick` \(quick\) \| \d+ × /, 'the section names the set and its machine');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test.run();
