// `weft store check DIR` and `weft store repair DIR`, as a user runs them (through the CLI's main).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../src/cli/main.ts';
import { SEGMENTS, cleanup, filesOf, fresh, presentOf, rejection, reopen, writeBatches } from './durable-helpers.ts';

/** Run the CLI, its console.log lines collected. */
async function weft(...argv: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const log = console.log;
  console.log = (l: string) => void lines.push(l);
  try {
    return { code: await main(argv), out: lines.join('\n') };
  } finally {
    console.log = log;
  }
}

test('store check: exit 0 on a whole store; damage listed and exit 1; repair then opens with every intact batch', async () => {
  const dir = fresh();
  await writeBatches(dir, 1, 20);
  const clean = await weft('store', 'check', dir);
  assert.is(clean.code, 0, clean.out);
  assert.match(
    clean.out,
    /wal-0000000000000001\.log: \d+ bytes, 20 whole records \(batches 1 to 20\)\nopens: batches up to 20/,
  );
  const log = join(dir, filesOf(dir, SEGMENTS)[0]);
  const bytes = readFileSync(log);
  bytes.fill(0, 200, 260);
  writeFileSync(log, bytes);
  const bad = await weft('store', 'check', dir);
  assert.is(bad.code, 1);
  assert.match(bad.out, /damaged: bytes 1\d\d to \d+: /);
  assert.match(bad.out, /refused: graph store .* byte \d+: /);
  await rejection(reopen(dir));
  const fixed = await weft('store', 'repair', dir);
  assert.is(fixed.code, 0, fixed.out);
  assert.match(fixed.out, /lost: batches \d+( to \d+)? \(damaged or missing\)\nold files moved to .*repaired-/);
  const { ds, warnings } = await reopen(dir);
  assert.equal(warnings, []);
  const kept = presentOf(ds, 20);
  assert.ok(kept.length >= 18 && kept.includes(1) && kept.includes(20), `kept ${kept}`);
  await ds.close();
  assert.is((await weft('store', 'check', dir)).code, 0);
});

test('store: a bad command line is an error naming what was expected', async () => {
  const errors: string[] = [];
  const error = console.error;
  console.error = (l: string) => void errors.push(l);
  try {
    assert.is(await main(['store', 'fix']), 1);
  } finally {
    console.error = error;
  }
  assert.match(errors.join('\n'), /expected 'store check DIR' or 'store repair DIR', got 'store fix'/);
});

test.after(cleanup);

test.run();
