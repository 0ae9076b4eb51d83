import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RowIndex } from '../../src/sample/row-index.ts';

test('RowIndex: what is set is found, what is not is -1, through growth, clears and a shrink', () => {
  const ix = new RowIndex();
  for (const n of [10, 5000, 3]) {
    // Keys spread over a large store index range, with collisions in the low bits.
    const keys = Array.from({ length: n }, (_, i) => (i * 65536 + (i % 7)) % 2_000_000_007);
    keys.forEach((g, row) => {
      assert.is(ix.get(g), -1, `key ${g} not yet set`);
      ix.set(g, row);
    });
    keys.forEach((g, row) => {
      assert.is(ix.get(g), row, `key ${g}`);
    });
    assert.is(ix.get(1_999_999_999), -1);
    ix.clear();
    for (const g of keys) assert.is(ix.get(g), -1, `cleared: key ${g}`);
  }
});

test.run();
