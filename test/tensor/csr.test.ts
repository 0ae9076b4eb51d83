import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildCsr, edgeRowsCsr, filterCsr, withSelfLoops } from '../../src/tensor/csr.ts';

// edges (src -> dst): 0->1, 2->1, 1->1 (loop), 1->0, 1->1 (duplicate loop), 0->2
const src = Int32Array.of(0, 2, 1, 1, 1, 0);
const dst = Int32Array.of(1, 1, 1, 0, 1, 2);
const csr = buildCsr(src, dst, 3, 3);

test('buildCsr sorts by destination and keeps edge order within a row', () => {
  assert.equal(Array.from(csr.rowptr), [0, 1, 5, 6]);
  assert.equal(Array.from(csr.col), [1, 0, 2, 1, 1, 0]);
  assert.equal(Array.from(csr.eid), [3, 0, 1, 2, 4, 5]);
});

test("withSelfLoops 'replace' drops every loop and appends a synthetic one per node (eid = E + i)", () => {
  const l = withSelfLoops(csr, 'replace');
  assert.equal(Array.from(l.rowptr), [0, 2, 5, 7]);
  assert.equal(Array.from(l.col), [1, 0, 0, 2, 1, 0, 2]);
  assert.equal(Array.from(l.eid), [3, 6, 0, 1, 7, 5, 8]);
});

test("withSelfLoops 'remaining' keeps the last existing loop's eid (PyG: last write wins)", () => {
  const l = withSelfLoops(csr, 'remaining');
  assert.equal(Array.from(l.eid), [3, 6, 0, 1, 4, 5, 8]);
});

test('withSelfLoops on a bipartite CSR adds loops only for min(num_src, num_dst) nodes', () => {
  const b = withSelfLoops(buildCsr(Int32Array.of(0), Int32Array.of(2), 2, 3), 'replace');
  assert.equal(Array.from(b.rowptr), [0, 1, 2, 3]);
  assert.equal(Array.from(b.col), [0, 1, 0]);
});

test('filterCsr and edgeRowsCsr', () => {
  const f = filterCsr(csr, (_e, s, d) => s !== d);
  assert.equal(Array.from(f.eid), [3, 0, 1, 5]);
  const r = edgeRowsCsr(f);
  assert.equal(Array.from(r.col), [3, 0, 1, 5]);
  assert.is(r.numSrc, 6);
});

test('an empty graph has empty rows', () => {
  const e = buildCsr(new Int32Array(0), new Int32Array(0), 4, 4);
  assert.equal(Array.from(e.rowptr), [0, 0, 0, 0, 0]);
  assert.equal(Array.from(withSelfLoops(e, 'remaining').col), [0, 1, 2, 3]);
});

test.run();
