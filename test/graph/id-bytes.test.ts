import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fingerprintA, fingerprintAAt, fingerprintB, fingerprintBAt } from '../../src/graph/ingest/event-ids.ts';
import { hashString } from '../../src/graph/base/hash.ts';
import { hashId, idSize, sameId, writeId } from '../../src/graph/base/id-bytes.ts';
import { GraphStore } from '../../src/graph/store.ts';
import { PAYS, add, ev, schema } from './helpers.ts';

// Latin-1 (one byte a unit), wide (two), a surrogate pair, a NUL, and the longest id.
const IDS = ['a1', 'müller', 'ÿ', '账户-7', 'a😀b', 'x\u0000y', 'z'.repeat(0x7fff)];

test('ids hash from their bytes exactly as hashString does from the string (snapshots hold tables built with it)', () => {
  for (const id of IDS) {
    const buf = new Uint8Array(2 + 2 * id.length + 3);
    const end = writeId(buf, 3, id);
    assert.is(idSize(buf, 3), end - 3, `size of ${JSON.stringify(id.slice(0, 9))}`);
    assert.is(hashId(buf, 3), hashString(id), `hash of ${JSON.stringify(id.slice(0, 9))}`);
    const a = fingerprintA(id);
    assert.is(fingerprintAAt(buf, 3), a);
    assert.is(fingerprintBAt(buf, 3, a), fingerprintB(id, a));
  }
});

test('byte forms are canonical: equal ids have equal bytes, different ids differ', () => {
  const put = (s: string): Uint8Array => {
    const b = new Uint8Array(2 + 2 * s.length);
    writeId(b, 0, s);
    return b;
  };
  for (const x of IDS)
    for (const y of IDS)
      assert.is(
        sameId(put(x), 0, put(y), 0),
        x === y,
        `${JSON.stringify(x.slice(0, 9))} vs ${JSON.stringify(y.slice(0, 9))}`,
      );
  assert.is(sameId(put('ab'), 0, put('abc'), 0), false);
});

test('event ids applied from bytes are found by their strings, in any script', () => {
  const s = new GraphStore(schema());
  const ids = ['e-ü', 'e-账户', 'e-😀'];
  s.ingest(ids.map((id, i) => ev(id, i, add(PAYS, `a${i}`, 'm1'))));
  for (const id of ids) assert.ok(s.applied.has(id), id);
  assert.is(s.applied.has('e-u'), false);
});

test.run();
