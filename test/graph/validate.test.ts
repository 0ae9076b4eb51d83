import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MAX_SLOTS } from '../../src/graph/edges/edge-hash.ts';
import { GraphStore } from '../../src/graph/store.ts';
import { PAYS, REV_PAYS, add, del, ev, node, schema } from './helpers.ts';

// Each bad batch: a good event first, then the bad one; the error must name the event, the field
// and the value, and the good event must not have been applied either (batches are atomic).
const CASES: [string, unknown, RegExp][] = [
  [
    'unknown relation',
    ev('bad', 5, add('account__owns__card', 'a1', 'c1')),
    /event 'bad' \(batch\[1\]\) ops\[0\]: field 'rel' is "account__owns__card", expected one of the relations account__uses__device/,
  ],
  [
    'unknown node type',
    ev('bad', 5, node('card', 'c1', [1])),
    /event 'bad' \(batch\[1\]\) ops\[0\]: field 'type' is "card", expected one of the node types account, device, merchant/,
  ],
  [
    'feature width mismatch',
    ev('bad', 5, node('device', 'd1', [1, 2, 3])),
    /event 'bad' \(batch\[1\]\) ops\[0\] \(node 'device' 'd1'\): field 'x' has 3 values, expected 2/,
  ],
  [
    'NaN feature',
    ev('bad', 5, node('device', 'd1', [1, NaN])),
    /event 'bad' .* field 'x\[1\]' is NaN, expected a finite float32 value/,
  ],
  [
    'infinite feature',
    ev('bad', 5, node('device', 'd1', [Infinity, 1])),
    /field 'x\[0\]' is Infinity, expected a finite/,
  ],
  [
    'feature overflowing float32',
    ev('bad', 5, node('device', 'd1', [1e39, 1])),
    /field 'x\[0\]' is 1e\+39, expected a finite float32 value/,
  ],
  [
    'numeric src id',
    { id: 'bad', time: 5, ops: [{ op: 'add_edge', rel: PAYS, src: 42, dst: 'm1' }] },
    /event 'bad' \(batch\[1\]\) ops\[0\]: field 'src' is 42 \(a number\), expected a string node id/,
  ],
  [
    'missing dst id',
    { id: 'bad', time: 5, ops: [{ op: 'add_edge', rel: PAYS, src: 'a1' }] },
    /field 'dst' is undefined, expected a string node id/,
  ],
  [
    'numeric node id',
    { id: 'bad', time: 5, ops: [{ op: 'upsert_node', type: 'device', id: 7, x: [1, 2] }] },
    /field 'id' is 7 \(a number\), expected a string node id/,
  ],
  ['numeric event id', { id: 12, time: 5, ops: [] }, /batch\[1\]: field 'id' is 12, expected a string event id/],
  [
    'time in milliseconds',
    ev('bad', Date.UTC(2026, 0, 1), add(PAYS, 'a1', 'm1')),
    /event 'bad' \(batch\[1\]\): field 'time' is 1767225600000, expected seconds since the epoch/,
  ],
  ['non-finite time', ev('bad', NaN), /field 'time' is NaN/],
  [
    'unknown op',
    { id: 'bad', time: 5, ops: [{ op: 'merge_nodes' }] },
    /ops\[0\]: field 'op' is "merge_nodes", expected one of add_edge, delete_edge, upsert_node/,
  ],
  [
    'ops not a list',
    { id: 'bad', time: 5, ops: 'add' },
    /event 'bad' \(batch\[1\]\): field 'ops' is "add", expected an array/,
  ],
  ['event not an object', 'add a1 m1', /batch\[1\] is "add a1 m1", expected an event/],
];

for (const [name, bad, message] of CASES) {
  test(`bad input: ${name}: a clear error and the store untouched`, () => {
    const s = new GraphStore(schema());
    s.ingest([ev('first', 1, add(PAYS, 'a0', 'm0'), node('device', 'd0', [1, 1]))]);
    const before = {
      version: s.version,
      accounts: s.numNodes('account'),
      edges: s.edgeCount(PAYS),
      d0: [...s.features('device', 'd0')!],
    };
    assert.throws(
      () => s.ingest([ev('good', 2, add(PAYS, 'a9', 'm9'), node('device', 'd0', [7, 7])), bad]),
      (e: Error) => message.test(e.message) || assert.unreachable(e.message),
    );
    assert.equal(
      {
        version: s.version,
        accounts: s.numNodes('account'),
        edges: s.edgeCount(PAYS),
        d0: [...s.features('device', 'd0')!],
      },
      before,
    );
    s.ingest([ev('good', 2, add(PAYS, 'a9', 'm9'))]);
    assert.is(s.hasEdge(PAYS, 'a9', 'm9'), true, 'the good event was not marked applied by the failed batch');
  });
}

test('a batch that is not an array is refused', () => {
  assert.throws(() => new GraphStore(schema()).ingest({ id: 'e' }), /batch is an object, expected an array of events/);
});

test("a batch whose adds could overflow a relation is refused whole, counting only that relation's adds (not its deletes)", () => {
  const s = new GraphStore(schema());
  s.ingest([
    ev('ok', 1, add(PAYS, 'a1', 'm1'), add(PAYS, 'a2', 'm1'), del(PAYS, 'a1', 'm1'), add(REV_PAYS, 'm1', 'a1')),
  ]);
  // Stands in for a relation two slots short of full (the batch is refused before anything reads it).
  Object.defineProperty(s.relations.get(PAYS)!, 'slots', { get: () => MAX_SLOTS - 2 });
  const full = [
    ev('e1', 2, add(PAYS, 'a3', 'm1'), del(PAYS, 'a2', 'm1'), add(REV_PAYS, 'm1', 'a3')),
    ev('e2', 2, add(PAYS, 'a4', 'm1'), add(PAYS, 'a5', 'm1')),
  ];
  assert.throws(
    () => s.ingest(full),
    (e: Error) =>
      /relation 'account__pays__merchant': \d+ edge slots \+ 3 adds would pass/.test(e.message) ||
      assert.unreachable(e.message),
  );
  assert.is(s.applied.has('e1'), false);
  assert.is(s.hasEdge(REV_PAYS, 'm1', 'a3'), false);
});

test.run();
