// A store upgraded across a change of the id tables' layout must still open: a 'weft-graph-snapshot/1'
// file (id tables one word a slot) is read by rebuilding the tables from the id arena; every id keeps
// its index, edges and features come back, and new ids continue the numbering. An unknown format
// is refused by name.
// A capture of a live store is views until detached: detach copies them, so later ingest changes the store, not the file.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { dumpStore } from '../../src/graph/durable/snapshot-codec.ts';
import { detach, readSnapshot, writeSnapshot } from '../../src/graph/durable/snapshot.node.ts';
import { GraphStore } from '../../src/graph/store.ts';
import { add, ev, node, PAYS, schema, USES } from './helpers.ts';

function sampleStore(): GraphStore {
  const s = new GraphStore(schema({}));
  const events = [];
  for (let i = 0; i < 500; i++)
    events.push(ev(`e${i}`, 10 + i, add(PAYS, `a${i}`, `m${i % 9}`), add(USES, `a${i}`, `d${i % 40}`)));
  events.push(ev('x', 900, node('account', 'a7', [1, 2, 3, 4]), add(PAYS, 'ü-账户', 'm1')));
  s.ingest(events);
  return s;
}

/** A snapshot as the /1 code wrote it: same sections, but the id tables in the old one-word layout (here: zeros, unusable). */
async function writeV1(dir: string, s: GraphStore): Promise<string> {
  const c = dumpStore(s, 3);
  const h = JSON.parse(c.header);
  h.format = 'weft-graph-snapshot/1';
  const sections = c.sections.map((parts, k) => {
    const name: string = h.sections[k].name;
    if (!/^ids\..*\.table$/.test(name)) return parts;
    h.sections[k].length = h.sections[k].length / 2;
    return [new Int32Array(h.sections[k].length)];
  });
  return writeSnapshot(dir, { header: JSON.stringify(h), sections, settle: c.settle }, 3);
}

test('a detached capture keeps the state it was taken in; an undetached one is a view of the live store', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'weft-snapdetach-'));
  const s = sampleStore();
  const pays = s.edgeCount(PAYS);
  const detached = await detach(dumpStore(s, 3));
  const live = dumpStore(s, 3);
  s.ingest([ev('after', 2000, node('account', 'a7', [9, 9, 9, 9]), add(PAYS, 'a-new', 'm-new'))]);
  const a = await readSnapshot(join(dir, await writeSnapshot(dir, detached, 3)), schema({}));
  assert.equal([...a.store.features('account', 'a7')!], [1, 2, 3, 4], 'features as captured');
  assert.is(a.store.edgeCount(PAYS), pays, 'edges as captured');
  assert.is(a.store.nodes.get('account')!.ids.lookup('a-new'), -1, 'no id added after the capture');
  const b = await readSnapshot(join(dir, await writeSnapshot(dir, live, 4)), schema({}));
  assert.equal([...b.store.features('account', 'a7')!], [9, 9, 9, 9], 'the view saw the later upsert');
});

test('a /1 snapshot opens: id tables rebuilt from the arena, indices, edges and features kept', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'weft-snapv1-'));
  const before = sampleStore();
  const name = await writeV1(dir, before);
  const { store, seq } = await readSnapshot(join(dir, name), schema({}));
  assert.is(seq, 3);
  for (const type of ['account', 'merchant', 'device']) {
    const [a, b] = [before.nodes.get(type)!.ids, store.nodes.get(type)!.ids];
    assert.is(b.size, a.size, `${type} ids`);
    for (let i = 0; i < a.size; i++) assert.is(b.lookup(a.idOf(i)), i, `${type} '${a.idOf(i)}'`);
  }
  assert.is(store.hasEdge(PAYS, 'ü-账户', 'm1'), true);
  assert.is(store.edgeCount(PAYS), before.edgeCount(PAYS));
  assert.equal([...store.features('account', 'a7')!], [1, 2, 3, 4]);
  store.ingest([ev('later', 1000, add(PAYS, 'new-account', 'm3'))]);
  assert.is(
    store.nodes.get('account')!.ids.lookup('new-account'),
    before.numNodes('account'),
    'new ids continue the numbering',
  );
});

test('a /3 snapshot (before edge data: no edgeData in its header) opens with its edges and features', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'weft-snapv3-'));
  const before = sampleStore();
  const c = dumpStore(before, 2);
  const h = JSON.parse(c.header);
  assert.equal(h.edgeData, [], 'no relation of this schema carries edge data');
  h.format = 'weft-graph-snapshot/3';
  delete h.edgeData;
  const name = await writeSnapshot(dir, { ...c, header: JSON.stringify(h) }, 2);
  const { store } = await readSnapshot(join(dir, name), schema({}));
  assert.is(store.edgeCount(PAYS), before.edgeCount(PAYS));
  assert.is(store.edgeCount(USES), before.edgeCount(USES));
  assert.equal([...store.features('account', 'a7')!], [1, 2, 3, 4]);
});

test('a snapshot of an unknown format is refused, naming the formats read', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'weft-snapv9-'));
  const c = dumpStore(sampleStore(), 1);
  const name = await writeSnapshot(
    dir,
    { ...c, header: c.header.replace('weft-graph-snapshot/4', 'weft-graph-snapshot/9') },
    1,
  );
  let err: Error | undefined;
  try {
    await readSnapshot(join(dir, name), schema({}));
  } catch (e) {
    err = e as Error;
  }
  assert.match(
    err?.message ?? '',
    /format "weft-graph-snapshot\/9", expected one of 'weft-graph-snapshot\/1', 'weft-graph-snapshot\/2', 'weft-graph-snapshot\/3', 'weft-graph-snapshot\/4'/,
  );
});

test.run();
