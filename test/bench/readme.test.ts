// The README's benchmark section is what bench/results holds, rendered: no figure there is typed
// in by hand, and a run whose results were committed without the section (or the reverse) fails here.
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BEGIN, END, renderSection, replaceSection } from '../../bench/readme.ts';
import { RESULTS_ROOT } from '../../bench/results.ts';

test("README.md's benchmark section equals the one made from bench/results", () => {
  const readme = readFileSync('README.md', 'utf8');
  const want = replaceSection(readme, renderSection(RESULTS_ROOT, process.cwd()));
  const cut = (s: string) => s.slice(s.indexOf(BEGIN), s.indexOf(END));
  assert.ok(cut(readme) === cut(want), 'README.md is stale: run `node --import tsx scripts/bench-readme.ts`');
});

test('a README without the markers is an error that names them, not a guess where to write', () => {
  assert.throws(
    () => replaceSection('# Weft\n## Benchmarks\n', 'x'),
    /no benchmark section to rewrite: expected the line '<!-- bench:begin/,
  );
});

test.run();
