// Edge data on add_edge: stored, replaced by a re-add (the last applied wins), shared by a derived
// reverse; every bad value refused naming the event, op, field and value, the batch untouched; the
// producer path (EventEncoder, ingestEncoded) checks the bytes as strictly.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { EventEncoder } from '../../src/graph/ingest/event-encoder.ts';
import type { GraphOp } from '../../src/graph/ingest/events.ts';
import { GraphStore } from '../../src/graph/store.ts';
import { dataOf, edgeSchema, pay } from './edge-data-helpers.ts';
import { schemaTag } from '../../src/graph/ingest/batch-record.ts';
import { PAYS, REV_PAYS, USES, add, del, ev, schema } from './helpers.ts';

test('edge data is stored with the edge, and a re-add replaces it', () => {
  const s = new GraphStore(edgeSchema());
  s.ingest([
    ev('e1', 10, pay('a1', 'm1', 2.5, [120, 3])),
    ev('e2', 11, { ...add(USES, 'a1', 'd1'), w: 0.5 } as GraphOp),
  ]);
  assert.equal(dataOf(s, PAYS, 'a1', 'm1'), [2.5, 120, 3]);
  assert.equal(dataOf(s, USES, 'a1', 'd1'), [0.5]);
  s.ingest([ev('e3', 5, pay('a1', 'm1', 1, [7, 8]))]);
  assert.equal(dataOf(s, PAYS, 'a1', 'm1'), [1, 7, 8], 'the last applied wins, even at an older time');
  s.ingest([ev('e4', 12, pay('a1', 'm1', 4, [1, 1]), pay('a1', 'm1', 5, [2, 2]))]);
  assert.equal(dataOf(s, PAYS, 'a1', 'm1'), [5, 2, 2], 'a repeat in one event is applied, not dropped');
  s.ingest([ev('e3', 5, pay('a1', 'm1', 9, [9, 9]))]);
  assert.equal(dataOf(s, PAYS, 'a1', 'm1'), [5, 2, 2], 'a redelivered event changes nothing');
});

test('a derived reverse shares its forward edge data', () => {
  const s = new GraphStore(edgeSchema(true));
  s.ingest([ev('e1', 10, { ...pay('m1', 'a1', 3, [4, 5]), rel: REV_PAYS } as GraphOp)]);
  assert.equal(dataOf(s, PAYS, 'a1', 'm1'), [3, 4, 5]);
  assert.equal(dataOf(s, REV_PAYS, 'm1', 'a1'), [3, 4, 5]);
});

test('compaction keeps each edge its data', () => {
  const s = new GraphStore(edgeSchema(), 4);
  const ops = Array.from({ length: 40 }, (_, i) => pay(`a${i}`, 'm1', i, [i, -i]));
  s.ingest([ev('e1', 10, ...ops)]);
  s.ingest([ev('e2', 11, ...Array.from({ length: 30 }, (_, i) => del(PAYS, `a${2 * i}`, 'm1')))]);
  s.compact();
  for (let i = 1; i < 40; i += 2) assert.equal(dataOf(s, PAYS, `a${i}`, 'm1'), [i, i, -i], `a${i}`);
});

const BAD: [string, Record<string, unknown>, RegExp][] = [
  [
    'missing attr',
    { ...pay('a1', 'm1', 1, []), attr: undefined },
    /ops\[0\] \(relation 'account__pays__merchant'\): field 'attr' is undefined, expected an array of 2 numbers/,
  ],
  ['wrong width', pay('a1', 'm1', 1, [1, 2, 3]), /field 'attr' has 3 values, expected 2 \(the relation's edgeAttr\)/],
  ['NaN attribute', pay('a1', 'm1', 1, [1, Number.NaN]), /field 'attr\[1\]' is NaN, expected a finite float32 value/],
  ['attribute past f32', pay('a1', 'm1', 1, [1e39, 0]), /field 'attr\[0\]' is 1e\+39, expected a finite float32 value/],
  ['string attribute', pay('a1', 'm1', 1, ['1' as unknown as number, 0]), /field 'attr\[0\]' is "1"/],
  [
    'missing weight',
    { ...pay('a1', 'm1', 1, [1, 2]), w: undefined },
    /field 'w' is undefined, expected a finite float32 weight/,
  ],
  ['infinite weight', pay('a1', 'm1', Number.POSITIVE_INFINITY, [1, 2]), /field 'w' is Infinity/],
  [
    'extra attr',
    { ...add(USES, 'a1', 'd1'), w: 1, attr: [1] },
    /field 'attr' is an array of 1, expected none \(relation 'account__uses__device' carries no attributes\)/,
  ],
  [
    'extra weight',
    { ...add('merchant__rev_pays__account', 'm1', 'a1'), w: 1 },
    /field 'w' is 1, expected none \(relation 'merchant__rev_pays__account' carries no weight\)/,
  ],
  [
    'data on a delete',
    { ...del(PAYS, 'a1', 'm1'), w: 1 },
    /field 'w' is 1, expected none \(a delete_edge carries no edge data\)/,
  ],
];

test('bad edge data is refused naming the event, op, field and value; the batch is untouched', () => {
  const s = new GraphStore(edgeSchema());
  for (const [what, op, re] of BAD) {
    const v = s.version;
    let msg = '';
    try {
      s.ingest([ev('ok', 10, pay('a9', 'm9', 1, [1, 1])), ev('bad', 10, op as never)]);
    } catch (e) {
      msg = (e as Error).message;
    }
    assert.match(msg, /^event 'bad' \(batch\[1\]\) ops\[0\]/, `${what}: ${msg}`);
    assert.match(msg, re, what);
    assert.is(s.version, v, `${what}: nothing applied`);
    assert.is(dataOf(s, PAYS, 'a9', 'm9'), undefined, `${what}: the good event is not applied either`);
  }
});

test('the producer path: encoded edge data applies, and bad bytes are refused naming the field', () => {
  const s = new GraphStore(edgeSchema());
  const enc = new EventEncoder(s.schema);
  const bytes = enc.encode([ev('e1', 10, pay('a1', 'm1', 2, [3, 4]))]);
  s.ingestEncoded(bytes.slice());
  assert.equal(dataOf(s, PAYS, 'a1', 'm1'), [2, 3, 4]);
  const bad = bytes.slice();
  new DataView(bad.buffer).setFloat32(bad.length - 4, Number.NaN, true);
  assert.throws(() => s.ingestEncoded(bad), /encoded batch, event 0 \('e1'\) ops\[0\]: field 'attr\[1\]' is NaN/);
  const w = bytes.slice();
  new DataView(w.buffer).setFloat32(w.length - 12, Number.POSITIVE_INFINITY, true);
  assert.throws(() => s.ingestEncoded(w), /ops\[0\]: field 'w' is Infinity/);
  assert.throws(() => s.ingestEncoded(bytes.slice(0, -2)), /ends at byte \d+, inside its 3 f32 of edge data/);
  const other = new GraphStore(new GraphStore(edgeSchema()).schema);
  assert.not.throws(() => other.ingestEncoded(bytes.slice()));
});

test('a schema without edge data keeps its record tag (stores written before edge data replay)', () => {
  assert.is(schemaTag(schema({})), 0x5fe06c7f);
  assert.is.not(schemaTag(edgeSchema()), schemaTag(schema({})));
});

test.run();
