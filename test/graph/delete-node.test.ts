// delete_node: the node's features and every edge touching it go, in every relation (a derived
// reverse's with its forward's); a later event re-creates it afresh; redelivery and unknown ids
// change nothing; a bad op is refused naming its field and value.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DurableStore } from '../../src/graph/durable/durable-store.node.ts';
import { EventEncoder } from '../../src/graph/ingest/event-encoder.ts';
import type { GraphOp } from '../../src/graph/ingest/events.ts';
import { GraphStore } from '../../src/graph/store.ts';
import { Sampler } from '../../src/sample/sampler.ts';
import { makeSchema } from '../../src/graph/base/schema.ts';
import { cleanup, fresh } from './durable-helpers.ts';
import { dataOf, edgeSchema, pay } from './edge-data-helpers.ts';
import { PAYS, REV_PAYS, REV_USES, USES, add, ev, node, schema } from './helpers.ts';

const drop = (type: string, id: string): GraphOp => ({ op: 'delete_node', type, id });

test('delete_node removes features and every edge touching the node, in every relation', () => {
  for (const derive of [false, true]) {
    const s = new GraphStore(schema({}, derive));
    s.ingest([
      ev('e1', 10, node('account', 'a1', [1, 2, 3, 4]), add(PAYS, 'a1', 'm1'), add(PAYS, 'a2', 'm1')),
      ev('e2', 11, add(REV_PAYS, 'm2', 'a1'), add(USES, 'a1', 'd1'), add(REV_USES, 'd1', 'a2')),
      ev('e3', 12, drop('account', 'a1')),
    ]);
    const why = `deriveReverse ${derive}`;
    assert.is(s.features('account', 'a1'), undefined, `${why}: unknown to readers`);
    assert.throws(() => new Sampler(s).sample({ account: ['a1'] }, { fanouts: [2] }), /id "a1" is not in the store/);
    assert.equal(s.neighbours(PAYS, 'out', 'a1'), [], why);
    assert.equal(s.neighbours(REV_PAYS, 'in', 'a1'), [], why);
    assert.equal(s.neighbours(USES, 'out', 'a1'), [], why);
    assert.equal(s.neighbours(PAYS, 'in', 'm1'), ['a2'], `${why}: other edges stay`);
    assert.is(s.hasEdge(REV_USES, 'd1', 'a2'), true, why);
    const v = s.version;
    s.ingest([ev('e3', 12, drop('account', 'a1')), ev('e4', 13, drop('account', 'nobody'))]);
    assert.is(s.version, v + 1, 'a redelivered or unknown delete changes nothing but the version');
    s.ingest([ev('e5', 14, add(PAYS, 'a1', 'm3'))]);
    assert.equal(s.neighbours(PAYS, 'out', 'a1'), ['m3'], `${why}: re-created afresh`);
    assert.equal([...s.features('account', 'a1')!], [0, 0, 0, 0], `${why}: without its old features`);
    assert.is(new Sampler(s).sample({ account: ['a1'] }, { fanouts: [2] }).batch.x.get('account')!.rows, 1);
  }
});

test('ops in one event apply in order around a delete_node', () => {
  const s = new GraphStore(schema({}));
  s.ingest([
    ev(
      'e1',
      10,
      node('account', 'a1', [1, 1, 1, 1]),
      add(PAYS, 'a1', 'm1'),
      drop('account', 'a1'),
      add(PAYS, 'a1', 'm2'),
      node('account', 'a1', [2, 2, 2, 2]),
    ),
  ]);
  assert.equal(s.neighbours(PAYS, 'out', 'a1'), ['m2']);
  assert.equal([...s.features('account', 'a1')!], [2, 2, 2, 2]);
});

test('a deleted node re-added with edge data starts afresh', () => {
  const s = new GraphStore(edgeSchema());
  s.ingest([ev('e1', 10, pay('a1', 'm1', 3, [1, 2])), ev('e2', 11, drop('account', 'a1'))]);
  assert.is(dataOf(s, PAYS, 'a1', 'm1'), undefined);
  s.ingest([ev('e3', 12, pay('a1', 'm1', 5, [6, 7]))]);
  assert.equal(dataOf(s, PAYS, 'a1', 'm1'), [5, 6, 7]);
});

test('deleting every node of a self relation keeps the rest', () => {
  const s = new GraphStore(makeSchema({ nodeTypes: { a: 1 }, relations: ['a__to__a'] }));
  const ops = Array.from({ length: 50 }, (_, i) => add('a__to__a', `n${i}`, `n${(i * 7) % 50}`));
  s.ingest([ev('e1', 10, ...ops), ev('e2', 11, drop('a', 'n0'), drop('a', 'n7'))]);
  for (let i = 0; i < 50; i++) {
    const gone = i === 0 || i === 7 || (i * 7) % 50 === 0 || (i * 7) % 50 === 7;
    assert.is(s.hasEdge('a__to__a', `n${i}`, `n${(i * 7) % 50}`), !gone, `n${i}`);
  }
});

test('a bad delete_node is refused naming its field and value; the encoded path checks it too', () => {
  const s = new GraphStore(schema({}));
  assert.throws(
    () => s.ingest([ev('bad', 1, { op: 'delete_node', type: 'cat', id: 'x' } as never)]),
    /event 'bad' \(batch\[0\]\) ops\[0\]: field 'type' is "cat", expected one of the node types account, device, merchant/,
  );
  assert.throws(
    () => s.ingest([ev('bad', 1, { op: 'delete_node', type: 'account', id: 7 } as never)]),
    /ops\[0\]: field 'id' is 7 \(a number\), expected a string node id/,
  );
  const bytes = new EventEncoder(s.schema).encode([ev('e1', 1, drop('account', 'a1'))]);
  s.ingestEncoded(bytes.slice());
  const bad = bytes.slice();
  bad[bad.length - 2 - 2 - 1] = 9;
  assert.throws(() => s.ingestEncoded(bad), /node type index 9, expected below 3/);
});

test('a delete_node survives a restart from the log and from a snapshot', async () => {
  const dir = fresh();
  let ds = await DurableStore.open(dir, schema({}, true), { background: false });
  await ds.ingest([
    ev('e1', 10, node('account', 'a1', [1, 2, 3, 4]), add(PAYS, 'a1', 'm1'), add(REV_USES, 'd1', 'a1')),
  ]);
  await ds.ingest([ev('e2', 11, drop('account', 'a1'), add(PAYS, 'a2', 'm1'))]);
  await ds.close();
  for (const snap of [false, true]) {
    ds = await DurableStore.open(dir, schema({}, true), { background: false });
    assert.equal(ds.store.neighbours(PAYS, 'in', 'm1'), ['a2'], `snapshot ${snap}`);
    assert.equal(ds.store.neighbours(REV_USES, 'in', 'a1'), [], `snapshot ${snap}`);
    assert.is(ds.store.features('account', 'a1'), undefined, `snapshot ${snap}`);
    if (!snap) await ds.snapshot();
    await ds.close();
  }
});

test.after(cleanup);

test.run();
