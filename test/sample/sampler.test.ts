import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GraphStore } from '../../src/graph/store.ts';
import { Sampler } from '../../src/sample/sampler.ts';
import type { Batch } from '../../src/tensor/batch.ts';
import { buildCsr } from '../../src/tensor/csr.ts';
import { PAYS, REV_USES, add, del, ev, node, schema } from '../graph/helpers.ts';

/** Merchant m0 has 200 payers; every payer uses 30 devices; a0..a199 paid at times 0..199. */
function graph(): GraphStore {
  const s = new GraphStore(schema({}));
  for (let a = 0; a < 200; a++) {
    const ops = [add(PAYS, `a${a}`, 'm0'), node('account', `a${a}`, [a, 0, 0, 0])];
    for (let d = 0; d < 30; d++) ops.push(add(REV_USES, `d${a}-${d}`, `a${a}`));
    s.ingest([ev(`e${a}`, a, ...ops)]);
  }
  s.ingest([ev('lone', 300, node('account', 'lonely', [1, 2, 3, 4]))]);
  return s;
}

const rowLengths = (b: Batch, rel: string): number[] => {
  const p = b.edges.get(rel)!.csr.rowptr;
  return Array.from({ length: p.length - 1 }, (_, i) => p[i + 1] - p[i]);
};

test('fanouts are respected per hop and per relation', () => {
  const s = new Sampler(graph());
  const { batch } = s.sample({ merchant: ['m0'] }, { fanouts: [10, 5], seed: 1 });
  assert.equal(rowLengths(batch, PAYS), [10], 'hop 0: 10 of the 200 payers');
  assert.equal(batch.x.get('account')!.rows, 10);
  assert.equal(rowLengths(batch, REV_USES), new Array(10).fill(5), "hop 1: 5 of each payer's 30 devices");
  assert.equal(batch.targets!.get('merchant'), Int32Array.from([0]));
  const per = s.sample(
    { merchant: ['m0'] },
    { fanouts: [10, 5], relationFanouts: { [PAYS]: [3, 0], [REV_USES]: [0, 2] }, seed: 1 },
  ).batch;
  assert.equal(rowLengths(per, PAYS), [3]);
  assert.equal(rowLengths(per, REV_USES), [2, 2, 2]);
});

test("each relation's CSR is what buildCsr makes of the sampled edge list", () => {
  const { batch } = new Sampler(graph()).sample({ merchant: ['m0'], account: ['a3'] }, { fanouts: [7, 3], seed: 5 });
  for (const [key, e] of batch.edges) {
    const c = e.csr;
    const dst = new Int32Array(c.numEdges);
    for (let i = 0; i < c.numDst; i++) dst.fill(i, c.rowptr[i], c.rowptr[i + 1]);
    const want = buildCsr(Int32Array.from(c.col), dst, c.numSrc, c.numDst);
    assert.equal(
      { ...c, rowptr: [...c.rowptr], col: [...c.col], eid: [...c.eid] },
      { ...want, rowptr: [...want.rowptr], col: [...want.col], eid: [...want.eid] },
      key,
    );
  }
});

test('the same seed gives the same sample; another seed another one', () => {
  const s = new Sampler(graph());
  const cols = (seed: number): number[] => {
    const smp = s.sample({ merchant: ['m0'] }, { fanouts: [10, 5], seed });
    return [...smp.rows.get('account')!, ...smp.rows.get('device')!];
  };
  assert.equal(cols(42), cols(42));
  assert.not.equal(cols(42), cols(43));
});

test('uniform without replacement: every neighbour equally likely, none twice', () => {
  const store = graph();
  const s = new Sampler(store);
  const counts = new Array(200).fill(0);
  const RUNS = 2000;
  for (let seed = 0; seed < RUNS; seed++) {
    const rows = s.sample({ merchant: ['m0'] }, { fanouts: [20], seed }).rows.get('account')!;
    assert.is(new Set(rows).size, 20);
    for (const g of rows) counts[g]++;
  }
  // Expected 2000 * 20/200 = 200 per account; binomial sd ≈ 13.4, so ±60 is > 4 sd.
  for (const c of counts) assert.ok(Math.abs(c - 200) < 60, `a neighbour drawn ${c} times, expected about 200`);
});

test('recent mode keeps the newest edges', () => {
  const s = new Sampler(graph());
  const smp = s.sample({ merchant: ['m0'] }, { fanouts: [5], mode: 'recent' });
  const ids = [...smp.rows.get('account')!].map((g) => s.store.nodes.get('account')!.ids.idOf(g)).sort();
  assert.equal(ids, ['a195', 'a196', 'a197', 'a198', 'a199']);
});

test('deleted edges are never sampled, even when most of a row is deleted', () => {
  const store = graph();
  store.ingest([ev('cull', 400, ...Array.from({ length: 195 }, (_, a) => del(PAYS, `a${a}`, 'm0')))]);
  const s = new Sampler(store);
  for (let seed = 0; seed < 20; seed++) {
    const ids = [...s.sample({ merchant: ['m0'] }, { fanouts: [10], seed }).rows.get('account')!]
      .map((g) => store.nodes.get('account')!.ids.idOf(g))
      .sort();
    assert.equal(ids, ['a195', 'a196', 'a197', 'a198', 'a199']);
  }
});

test('a target with no neighbours: its own row, no edges', () => {
  const s = new Sampler(graph());
  const { batch, rows } = s.sample({ account: ['lonely'] }, { fanouts: [10, 5] });
  assert.is(batch.x.get('account')!.rows, 1);
  assert.equal([...batch.x.get('account')!.data], [1, 2, 3, 4]);
  assert.is(rows.get('device')!.length, 0);
  for (const e of batch.edges.values()) assert.is(e.csr.numEdges, 0);
});

test('bad sampling requests are clear errors', () => {
  const s = new Sampler(graph());
  assert.throws(
    () => s.sample({ account: ['nobody'] }, { fanouts: [1] }),
    /targets.account\[0\]: id "nobody" is not in the store/,
  );
  assert.throws(
    () => s.sample({ card: ['c1'] }, { fanouts: [1] }),
    /targets: node type 'card' is not one of account, device, merchant/,
  );
  assert.throws(
    () => s.sample({ account: ['a1'] }, { fanouts: [2.5] }),
    /fanouts\[0\] is 2.5, expected an integer >= 0, or -1/,
  );
  assert.throws(
    () => s.sample({ account: ['a1'] }, { fanouts: [1, 1], relationFanouts: { [PAYS]: [1] } }),
    /relationFanouts.account__pays__merchant has 1 hops, expected 2/,
  );
  assert.throws(
    () => s.sample({ account: ['a1'] }, { fanouts: [1], mode: 'newest' as 'recent' }),
    /mode is "newest", expected one of 'uniform', 'recent', 'weighted', 'top'/,
  );
});

test.run();
