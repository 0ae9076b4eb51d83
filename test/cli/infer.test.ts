import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { FIXTURES, expectMatchesFile } from '../fixtures.ts';

const run = promisify(execFile);
const weft = (args: string[]) =>
  run(process.execPath, ['bin/weft.mjs', ...args]).then(
    (r) => ({ code: 0, out: r.stdout, err: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout, err: e.stderr }),
  );
const dir = mkdtempSync(join(tmpdir(), 'weft-cli-'));

test('weft infer writes out.<ntype> for a heterogeneous case, equal to PyG, with a one-line summary', async () => {
  const c = join(FIXTURES, 'hetero_sage');
  const out = join(dir, 'hetero.safetensors');
  const r = await weft([
    'infer',
    '--model',
    c,
    '--graph',
    join(c, 'graph.safetensors'),
    '--out',
    out,
    '--backend',
    'cpu',
    '--expected',
    join(c, 'expected.safetensors'),
  ]);
  assert.is(r.code, 0, r.err);
  assert.match(
    r.out,
    /^weft infer: hetero_sage, 1700 nodes, 10712 edges → out\.account \[1200,16\], out\.device \[300,16\], out\.merchant \[200,16\] in .*; cpu .*; [\d.]+ ms; matches expected\.safetensors/,
  );
  const { readSafetensorsFile } = await import('../../src/tensor/io.node.ts');
  const f = await readSafetensorsFile(out);
  const { asMat } = await import('../../src/tensor/access.ts');
  await expectMatchesFile(new Map([...f.tensors.keys()].map((k) => [k, asMat(f, k)])), join(c, 'expected.safetensors'));
});

test('weft infer: bad arguments exit non-zero with one line naming the flag', async () => {
  let r = await weft(['infer', '--graph', 'g']);
  assert.is(r.code, 1);
  assert.match(r.err, 'weft infer: --model is required (a model directory with model.json and weights.safetensors)');
  r = await weft(['infer', '--model', 'm', '--graph', 'g', '--out', 'o', '--backend', 'tpu']);
  assert.match(r.err, "--backend is 'tpu', expected one of cpu, webgpu");
  r = await weft(['infer', '--modle', 'm']);
  assert.match(r.err, "unknown argument '--modle'");
  r = await weft(['frobnicate']);
  assert.is(r.code, 2);
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
