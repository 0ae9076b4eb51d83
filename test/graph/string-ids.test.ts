import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hashId, writeId } from '../../src/graph/base/id-bytes.ts';
import { StringIds } from '../../src/graph/nodes/string-ids.ts';

// 50k ids: the table grows from 8 slots to 2^17, the arena spans several chunks, and 5-bit tags collide
// often, so probes pass slots whose tag matches but whose id does not. Every 7th id is wide.
const N = 50_000;
const idAt = (k: number): string => (k % 7 === 0 ? `账户-${k}` : `a${k}`);

function bytesOf(id: string): Uint8Array {
  const b = new Uint8Array(2 + 2 * id.length);
  writeId(b, 0, id);
  return b;
}

/** Parts back to back, as a snapshot file holds them. */
function joined<A extends Uint8Array | Uint32Array>(parts: A[]): A {
  const out = new (parts[0].constructor as new (n: number) => A)(parts.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of parts) {
    out.set(a as never, at);
    at += a.length;
  }
  return out;
}

function intern(ids: StringIds, id: string): number {
  const b = bytesOf(id);
  return ids.internAt(b, 0, hashId(b, 0));
}

/** Every interned id found by string, by bytes and by index; unknown ids not found. */
function check(ids: StringIds, n: number, where: string): void {
  assert.is(ids.size, n, `${where}: size`);
  for (let k = 0; k < n; k++) {
    const id = idAt(k),
      b = bytesOf(id);
    if (ids.lookup(id) !== k) assert.unreachable(`${where}: lookup(${id}) = ${ids.lookup(id)}, expected ${k}`);
    if (ids.lookupAt(b, 0, hashId(b, 0)) !== k) assert.unreachable(`${where}: lookupAt(${id}), expected ${k}`);
    if (ids.idOf(k) !== id) assert.unreachable(`${where}: idOf(${k}) = ${ids.idOf(k)}, expected ${id}`);
  }
  for (const id of [idAt(n), 'a', '', `a${n}x`]) {
    const b = bytesOf(id);
    assert.is(ids.lookup(id), -1, `${where}: lookup(${JSON.stringify(id)})`);
    assert.is(ids.lookupAt(b, 0, hashId(b, 0)), -1, `${where}: lookupAt(${JSON.stringify(id)})`);
  }
}

test('interning assigns dense indices in first-seen order, across table growth; seen ids keep theirs', () => {
  const ids = new StringIds();
  for (let k = 0; k < N; k++) {
    const i = intern(ids, idAt(k));
    if (i !== k) assert.unreachable(`intern(${idAt(k)}) = ${i}, expected ${k}`);
  }
  for (let k = N - 1; k >= 0; k -= 3)
    if (intern(ids, idAt(k)) !== k) assert.unreachable(`intern(${idAt(k)}) again, expected ${k}`);
  check(ids, N, 'interned');
});

test('parts and restore give the same ids, and the restored table keeps growing', () => {
  const ids = new StringIds();
  for (let k = 0; k < N / 2; k++) intern(ids, idAt(k));
  const back = new StringIds();
  const p = ids.parts();
  back.restore({ chars: joined(p.chars), starts: joined(p.starts), table: p.table.slice() });
  check(back, N / 2, 'restored');
  assert.is(back.bytes(), ids.bytes(), 'bytes');
  for (let k = 0; k < N; k++)
    if (intern(back, idAt(k)) !== k) assert.unreachable(`intern(${idAt(k)}) after restore, expected ${k}`);
  check(back, N, 'grown after restore');
});

test.run();
