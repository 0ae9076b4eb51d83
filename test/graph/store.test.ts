import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GraphStore } from '../../src/graph/store.ts';
import { Sampler } from '../../src/sample/sampler.ts';
import { PAYS, REV_PAYS, USES, add, del, ev, node, schema, lcg } from './helpers.ts';

test('an event delivered again, even late after other events, changes nothing', () => {
  const s = new GraphStore(schema());
  s.ingest([ev('e1', 10, add(PAYS, 'a1', 'm1'), node('account', 'a1', [1, 2, 3, 4]))]);
  s.ingest([ev('e2', 20, del(PAYS, 'a1', 'm1'), node('account', 'a1', [5, 6, 7, 8]))]);
  s.ingest([ev('e1', 10, add(PAYS, 'a1', 'm1'), node('account', 'a1', [1, 2, 3, 4]))]);
  assert.is(s.hasEdge(PAYS, 'a1', 'm1'), false);
  assert.equal([...s.features('account', 'a1')!], [5, 6, 7, 8]);
  s.ingest([ev('e3', 30, add(PAYS, 'a1', 'm2')), ev('e3', 30, del(PAYS, 'a1', 'm2'))]);
  assert.is(s.hasEdge(PAYS, 'a1', 'm2'), true, 'a repeated id within one batch is skipped too');
});

test('adding an edge again refreshes its time: one edge, not two', () => {
  const s = new GraphStore(schema());
  s.ingest([
    ev('e1', 10, add(PAYS, 'a1', 'm1')),
    ev('e2', 50, add(PAYS, 'a1', 'm1')),
    ev('e3', 40, add(PAYS, 'a1', 'm1')),
  ]);
  assert.is(s.edgeCount(PAYS), 1);
  const r = s.stored.get(PAYS)!;
  assert.is(r.ts.get(r.hash.find(0, 0)), 51, 'stored time is the newest add (floor(s) + 1), not the last delivered');
});

test('delete then re-insert: the edge is back, once', () => {
  const s = new GraphStore(schema());
  s.ingest([ev('e1', 1, add(PAYS, 'a1', 'm1'), add(PAYS, 'a2', 'm1'))]);
  s.ingest([ev('e2', 2, del(PAYS, 'a1', 'm1'))]);
  assert.is(s.hasEdge(PAYS, 'a1', 'm1'), false);
  s.ingest([ev('e3', 3, add(PAYS, 'a1', 'm1'))]);
  assert.is(s.hasEdge(PAYS, 'a1', 'm1'), true);
  assert.is(s.edgeCount(PAYS), 2);
  const sample = new Sampler(s).sample({ merchant: ['m1'] }, { fanouts: [-1] });
  assert.is(sample.batch.edges.get(`merchant__rev_pays__account`)!.csr.numEdges, 0);
  assert.is(sample.batch.edges.get(PAYS)!.csr.numEdges, 2, 'both payers, no ghost of the deleted slot');
  s.ingest([ev('e4', 4, del(PAYS, 'nobody', 'm1'), del(REV_PAYS, 'm1', 'a1'))]);
  assert.is(s.edgeCount(PAYS), 2, 'deleting an unknown edge is a no-op');
});

test('neighbours by source and by destination, through merges, deletes and hub blocks', () => {
  const s = new GraphStore(schema({}), 64);
  const ops = [];
  for (let a = 0; a < 100; a++) ops.push(add(PAYS, `a${a}`, 'hub'), add(PAYS, `a${a}`, `m${a % 3}`));
  s.ingest([ev('e1', 1, ...ops.slice(0, 120))]);
  s.ingest([ev('e2', 2, ...ops.slice(120), del(PAYS, 'a5', 'hub'))]);
  const payers = s.neighbours(PAYS, 'in', 'hub').sort();
  assert.is(payers.length, 99);
  assert.not.ok(payers.includes('a5'));
  assert.equal(s.neighbours(PAYS, 'out', 'a7').sort(), ['hub', 'm1']);
  assert.equal(s.neighbours(PAYS, 'out', 'a5'), ['m2']);
  assert.equal(s.neighbours(PAYS, 'in', 'nobody'), []);
});

test('the last feature upsert wins; unknown nodes read as undefined, never-upserted ones as zeros', () => {
  const s = new GraphStore(schema());
  s.ingest([ev('e1', 1, node('device', 'd1', [1, 1]), node('device', 'd1', [2, 3]), add(USES, 'a1', 'd2'))]);
  assert.equal([...s.features('device', 'd1')!], [2, 3]);
  assert.equal([...s.features('device', 'd2')!], [0, 0]);
  assert.is(s.features('device', 'd9'), undefined);
});

test('ids in any script: Latin-1, wide and astral characters map and read back', () => {
  const s = new GraphStore(schema());
  const ids = ['müller', '账户-7', 'a😀b', 'x'.repeat(300)];
  s.ingest([ev('e1', 1, ...ids.map((id) => add(PAYS, id, 'm1')))]);
  const table = s.nodes.get('account')!.ids;
  assert.equal(
    ids.map((id) => table.idOf(table.lookup(id))),
    ids,
  );
  assert.is(table.lookup('muller'), -1);
  assert.is(table.lookup('账户-8'), -1);
});

test('TTL: an edge older than the TTL against the newest event time is invisible, a refresh revives it, compaction reclaims it', () => {
  const s = new GraphStore(schema());
  s.ingest([ev('e1', 1000, add(USES, 'a1', 'd1'), add(USES, 'a2', 'd1'), add(PAYS, 'a1', 'm1'))]);
  s.ingest([ev('e2', 1100, add(USES, 'a3', 'd1'))]);
  assert.is(s.hasEdge(USES, 'a1', 'd1'), true, 'age exactly the TTL is still visible');
  s.ingest([ev('e3', 1101, add(USES, 'a2', 'd1'))]);
  assert.is(s.hasEdge(USES, 'a1', 'd1'), false);
  assert.is(s.hasEdge(USES, 'a2', 'd1'), true, 'refreshed');
  assert.is(s.hasEdge(PAYS, 'a1', 'm1'), true, 'a relation without TTL keeps its edges');
  const cols = (): number[] => [
    ...new Sampler(s).sample({ device: ['d1'] }, { fanouts: [-1] }).batch.edges.get(USES)!.csr.col,
  ];
  assert.is(cols().length, 2, 'the sampler skips the expired edge');
  const r = s.relations.get(USES)!;
  assert.is(r.slots, 3);
  s.compact();
  assert.is(r.slots, 2, 'compaction reclaimed the expired slot');
  assert.is(cols().length, 2);
  s.ingest([ev('e4', 1102, add(USES, 'a1', 'd1'))]);
  assert.is(s.edgeCount(USES), 3, 'an expired edge added again is a new, visible edge');
});

test('many inserts, deletes, merges and compactions keep the index equal to the edge set', () => {
  const s = new GraphStore(schema({}), 64);
  const want = new Set<string>();
  const rnd = lcg(7);
  for (let b = 0; b < 60; b++) {
    const ops = [];
    for (let i = 0; i < 2000; i++) {
      const a = `a${rnd(300)}`,
        m = `m${rnd(40)}`;
      if (rnd(4) === 0) {
        ops.push(del(PAYS, a, m));
        want.delete(`${a}|${m}`);
      } else {
        ops.push(add(PAYS, a, m));
        want.add(`${a}|${m}`);
      }
    }
    s.ingest([ev(`b${b}`, b, ...ops)]);
  }
  assert.is(s.edgeCount(PAYS), want.size);
  const r = s.relations.get(PAYS)!;
  assert.ok(
    r.byDst.baseN > 0 && r.slots < 60 * 2000 * 0.75,
    `merged (base ${r.byDst.baseN}) and compacted (${r.slots} slots)`,
  );
  const sampler = new Sampler(s);
  let seen = 0;
  for (let m = 0; m < 40; m++) {
    const smp = sampler.sample({ merchant: [`m${m}`] }, { fanouts: [-1] });
    const accounts = smp.rows.get('account')!;
    const ids = s.nodes.get('account')!.ids;
    for (const c of smp.batch.edges.get(PAYS)!.csr.col) assert.ok(want.has(`${ids.idOf(accounts[c])}|m${m}`));
    seen += smp.batch.edges.get(PAYS)!.csr.numEdges;
  }
  assert.is(seen, want.size);
});

test.run();
