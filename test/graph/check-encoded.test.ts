import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DurableStore } from '../../src/graph/durable/durable-store.node.ts';
import { EventEncoder } from '../../src/graph/ingest/event-encoder.ts';
import type { GraphEvent } from '../../src/graph/ingest/events.ts';
import { GraphStore } from '../../src/graph/store.ts';
import { PAYS, REV_PAYS, USES, add, del, ev, node, schema } from './helpers.ts';

const BATCH: GraphEvent[] = [
  ev('e1', 10, add(PAYS, 'a1', 'm1'), add(REV_PAYS, 'm1', 'a1'), node('account', 'a1', [1, 2, 3, 4])),
  ev('e2', 20, add(USES, 'a1', 'dé'), add(USES, 'a\u4e00', 'd1'), del(PAYS, 'a1', 'm1')),
  ev('e3', 30),
];

/** The batch's bytes, as a producer makes them. */
function encoded(events: GraphEvent[] = BATCH): Uint8Array {
  return new EventEncoder(schema()).encode(events);
}

function state(s: GraphStore): unknown {
  return {
    edges: [PAYS, REV_PAYS, USES].map((r) => s.edgeCount(r)),
    ids: ['account', 'device', 'merchant'].map((t) => s.numNodes(t)),
    a1: [...(s.features('account', 'a1') ?? [])],
    uses: s.neighbours(USES, 'out', 'a1'),
    wide: s.neighbours(USES, 'in', 'd1'),
    version: s.version,
  };
}

test("a producer's encoder refuses bad events as ingest does", () => {
  assert.throws(
    () => new EventEncoder(schema()).encode([ev('e1', 10, add('account__owns__card', 'a1', 'c1'))]),
    /event 'e1' \(batch\[0\]\) ops\[0\]: field 'rel' is "account__owns__card"/,
  );
});

test('an encoded batch applies exactly as its events do', () => {
  const a = new GraphStore(schema()),
    b = new GraphStore(schema());
  a.ingest(BATCH);
  b.ingestEncoded(encoded());
  assert.equal(state(b), state(a));
  assert.equal(b.neighbours(USES, 'out', 'a1'), ['dé']);
});

/** Byte offsets in encoded(): after the tag and count, event e1's id (2 + 2 bytes), time (8), op count (4). */
const FIRST_OP = 8 + 4 + 12;

// Each corruption of the good batch, the error it must give.
/** A corruption made in place: `f` edits the bytes, the case gets them back. */
const edit =
  (f: (b: Uint8Array) => void) =>
  (b: Uint8Array): Uint8Array => {
    f(b);
    return b;
  };

const CASES: [string, (b: Uint8Array) => Uint8Array, RegExp][] = [
  [
    'another schema',
    edit((b) => {
      b[0] ^= 1;
    }),
    /encoded batch: schema tag [0-9a-f]+, expected [0-9a-f]+ \(encoded under another schema\)/,
  ],
  [
    'kind byte',
    edit((b) => {
      b[FIRST_OP] = 7;
    }),
    /encoded batch, event 0 \('e1'\) ops\[0\]: kind byte 7, expected 0 \(add_edge\), 1 \(delete_edge\), 2 \(upsert_node\)/,
  ],
  [
    'relation index',
    edit((b) => {
      b[FIRST_OP + 1] = 9;
    }),
    /event 0 \('e1'\) ops\[0\]: relation index 9, expected below 4/,
  ],
  [
    'node type index',
    edit((b) => {
      b[FIRST_OP] = 2;
      b[FIRST_OP + 1] = 5;
    }),
    /ops\[0\]: node type index 5, expected below 3/,
  ],
  [
    'time',
    edit((b) => new DataView(b.buffer).setFloat64(12, -1, true)),
    /event 0 \('e1'\): field 'time' is -1, expected seconds since the epoch/,
  ],
  [
    'empty id',
    edit((b) => {
      b[FIRST_OP + 2] = 0;
    }),
    /ops\[0\]: field 'src' is an empty id/,
  ],
  [
    'id past the end',
    edit((b) => {
      b[FIRST_OP + 3] = 0x03;
    }),
    /ops\[0\]: field 'src' \(\d+ characters\) runs past the end/,
  ],
  [
    'id over the length limit',
    edit((b) => {
      b[FIRST_OP + 3] = 0x70;
    }),
    /ops\[0\]: field 'src' is 28\d\d\d characters long, expected 1 to 1024 characters/,
  ],
  ['trailing bytes', (b) => Uint8Array.from([...b, 0]), /encoded batch: 1 bytes after its 3 events, expected none/],
  ['too short', (b) => b.subarray(0, 5), /encoded batch: 5 bytes, expected at least 8/],
];

for (const [name, corrupt, message] of CASES) {
  test(`bad encoded batch: ${name}: a clear error and the store untouched`, () => {
    const s = new GraphStore(schema());
    s.ingest([ev('first', 1, add(PAYS, 'a0', 'm0'))]);
    const before = state(s);
    assert.throws(
      () => s.ingestEncoded(corrupt(encoded())),
      (e: Error) => message.test(e.message) || assert.unreachable(e.message),
    );
    assert.equal(state(s), before);
  });
}

test('bad encoded batch: a NaN feature, and an id in 2-byte form that fits 1 byte a character, are refused', () => {
  const s = new GraphStore(schema());
  const nan = encoded([ev('x', 1, node('account', 'a1', [1, 2, 3, 4]))]);
  new DataView(nan.buffer).setFloat32(nan.length - 4, NaN, true);
  assert.throws(
    () => s.ingestEncoded(nan),
    /event 0 \('x'\) ops\[0\]: field 'x\[3\]' is NaN, expected a finite float32 value/,
  );
  // 'a\u4e00' is written 2 bytes a unit; its second unit's high byte cleared leaves 'a\x00' in the 2-byte form.
  const wide = encoded([ev('y', 1, add(USES, 'a\u4e00', 'd1'))]);
  const at = wide.indexOf(0x4e);
  wide[at] = 0;
  assert.throws(
    () => s.ingestEncoded(wide),
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the message quotes the NUL this test wrote
    /ops\[0\]: field 'src' \('a\x00'\) is in 2-byte form with every character below 256, expected the 1-byte form/,
  );
  assert.is(s.version, 0);
});

test('every cut of an encoded batch is refused, none applied', () => {
  const good = encoded();
  const s = new GraphStore(schema());
  for (let n = 0; n < good.length; n++)
    assert.throws(() => s.ingestEncoded(good.subarray(0, n)), /encoded batch/, `cut at ${n}`);
  assert.is(s.version, 0);
});

test('DurableStore.ingestEncoded logs the batch: a reopened store has it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'weft-encoded-'));
  try {
    const ds = await DurableStore.open(dir, schema());
    await ds.ingestEncoded(encoded());
    await ds.ingestEncoded(encoded([ev('bad', 1, add(PAYS, 'a1', 'm1'))]).subarray(0, 9)).then(
      () => assert.unreachable('cut batch accepted'),
      (e: Error) => assert.match(e.message, /encoded batch/),
    );
    const want = state(ds.store);
    await ds.close();
    const again = await DurableStore.open(dir, schema());
    assert.equal(state(again.store), want);
    assert.is(again.recovery.replayed, 1);
    await again.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
