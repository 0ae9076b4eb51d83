import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BufferPool } from '../../src/sample/buffer-pool.ts';

test('BufferPool: the smallest buffer that fits, each handed out once, a few kept, the larger ones', () => {
  const pool = new BufferPool();
  assert.is(pool.take(10), undefined, 'empty');
  const [a, b, c] = [new ArrayBuffer(64), new ArrayBuffer(256), new ArrayBuffer(1024)];
  pool.give(c);
  pool.give(a);
  pool.give(b);
  pool.give(b);
  assert.is(pool.take(100), b, 'the smallest that fits');
  assert.is(pool.take(100), c, 'b was given twice but is kept once');
  assert.is(pool.take(100), undefined);
  assert.is(pool.take(10), a);
  for (const n of [1, 2, 3, 4, 5]) pool.give(new ArrayBuffer(n * 100));
  const sizes: number[] = [];
  for (let buf = pool.take(0); buf; buf = pool.take(0)) sizes.push(buf.byteLength);
  assert.equal(
    sizes.sort((x, y) => x - y),
    [200, 300, 400, 500],
    'four kept, the smallest dropped',
  );
  pool.give(new ArrayBuffer(32 * 1024 * 1024));
  assert.is(pool.take(0), undefined, 'too large to keep');
});

test.run();
