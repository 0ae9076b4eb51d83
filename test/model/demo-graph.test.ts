import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FEATURES } from '../../models/demo/nodes.ts';
import { labelsPath, writeDemoGraph } from '../../models/demo/write.ts';
import { loadGraph } from '../../src/model/load.node.ts';
import { readSafetensorsFile } from '../../src/tensor/io.node.ts';
import type { Mat } from '../../src/tensor/mat.ts';

// The demo graph generator (models/demo/README.md): deterministic, in the fixture layout, and the
// fraud rings' own features are drawn like honest ones (the label lives in the graph).
const ACCOUNTS = 4000;
const dir = mkdtempSync(join(tmpdir(), 'weft-demo-'));
const file = (name: string) => join(dir, name);

/** Per-column mean and standard deviation over the rows where keep(row). */
function moments(x: Mat, keep: (row: number) => boolean): { mean: number[]; std: number[] } {
  const sum = new Array<number>(x.cols).fill(0),
    sq = new Array<number>(x.cols).fill(0);
  let n = 0;
  for (let r = 0; r < x.rows; r++) {
    if (!keep(r)) continue;
    n++;
    for (let c = 0; c < x.cols; c++) {
      const v = x.data[r * x.cols + c];
      sum[c] += v;
      sq[c] += v * v;
    }
  }
  const mean = sum.map((s) => s / n);
  return { mean, std: sq.map((s, c) => Math.sqrt(s / n - mean[c] ** 2)) };
}

test('the same seed writes the same bytes; another seed another graph', () => {
  writeDemoGraph(file('a.safetensors'), ACCOUNTS, 5);
  writeDemoGraph(file('b.safetensors'), ACCOUNTS, 5);
  writeDemoGraph(file('c.safetensors'), ACCOUNTS, 6);
  assert.ok(
    readFileSync(file('a.safetensors')).equals(readFileSync(file('b.safetensors'))),
    'graph bytes differ for one seed',
  );
  assert.ok(
    readFileSync(labelsPath(file('a.safetensors'))).equals(readFileSync(labelsPath(file('b.safetensors')))),
    'label bytes differ for one seed',
  );
  assert.not.ok(
    readFileSync(file('a.safetensors')).equals(readFileSync(file('c.safetensors'))),
    'seeds 5 and 6 wrote the same graph',
  );
});

test('the graph loads in the fixture layout: five node types, four relations and their reverses', async () => {
  const g = await loadGraph(file('a.safetensors'));
  for (const [t, cols] of Object.entries(FEATURES)) assert.is(g.x.get(t)?.cols, cols.length, `x.${t} columns`);
  assert.is(g.x.get('account')!.rows, ACCOUNTS);
  assert.equal([...g.edges.keys()].sort(), [
    'account__holds__card',
    'account__logs_in_from__ip',
    'account__pays__merchant',
    'account__uses__device',
    'card__rev_holds__account',
    'device__rev_uses__account',
    'ip__rev_logs_in_from__account',
    'merchant__rev_pays__account',
  ]);
  for (const [k, e] of g.edges) {
    if (k.includes('__rev_')) continue;
    const rev = g.edges.get(`${e.dst}__rev_${e.rel}__${e.src}`)!;
    assert.is(rev.csr.numEdges, e.csr.numEdges, `${k} and its reverse have as many edges`);
  }
});

test('labels: 4–10% fraud, every pattern planted; ring accounts look like honest ones on their own', async () => {
  const labels = await readSafetensorsFile(labelsPath(file('a.safetensors')));
  const y = labels.tensors.get('y.account')!.data as BigInt64Array;
  const pattern = labels.tensors.get('pattern.account')!.data as BigInt64Array;
  const fraud = y.reduce((a, b) => a + Number(b), 0) / ACCOUNTS;
  assert.ok(fraud > 0.04 && fraud < 0.1, `fraud rate ${fraud}`);
  for (const p of [0n, 1n, 2n, 3n]) assert.ok(pattern.includes(p), `pattern ${p} missing`);
  const x = (await loadGraph(file('a.safetensors'))).x.get('account')!;
  const honest = moments(x, (r) => pattern[r] === 0n);
  const ring = moments(x, (r) => pattern[r] === 1n);
  honest.mean.forEach((m, c) => {
    const gap = Math.abs(ring.mean[c] - m) / honest.std[c];
    assert.ok(
      gap < 0.3,
      `${FEATURES.account[c]}: ring mean ${ring.mean[c].toFixed(3)}, honest ${m.toFixed(3)} (${gap.toFixed(2)} std apart)`,
    );
  });
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
