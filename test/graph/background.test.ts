import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { TOMBSTONE } from '../../src/graph/base/slot-layout.ts';
import { EventIds, fingerprintA, fingerprintB } from '../../src/graph/ingest/event-ids.ts';
import { fillEvents } from '../../src/graph/base/maintain-kernels.ts';
import { INLINE, type Maintainer } from '../../src/graph/base/maintainer.ts';
import { WorkerMaintainer } from '../../src/graph/worker/maintainer.node.ts';
import { GraphStore } from '../../src/graph/store.ts';
import { PAYS, REV_PAYS, USES, add, del, ev, schema, lcg } from './helpers.ts';
import type { GraphEvent, GraphOp } from '../../src/graph/ingest/events.ts';

/** Everything a reader can see of a relation: per node, its sorted neighbours both ways; the visible count. */
function view(s: GraphStore, rel: string, nodes: number): string {
  const r = s.relations.get(rel)!;
  const out: string[] = [`${s.edgeCount(rel)}`];
  const [src, dst] = [r.srcType[0], r.dstType[0]];
  for (let i = 0; i < nodes; i++) {
    out.push(s.neighbours(rel, 'out', `${src}${i}`).sort().join(','));
    out.push(s.neighbours(rel, 'in', `${dst}${i}`).sort().join(','));
  }
  return out.join(' ');
}

/** The identity hash holds exactly the live slots: each found under its own key, no more entries than that. */
function hashExact(s: GraphStore): void {
  for (const r of s.stored.values()) {
    for (let e = 0; e < r.slots; e++)
      if (r.ts.get(e) !== TOMBSTONE) assert.is(r.hash.find(r.src.get(e), r.dst.get(e)), e, `${r.key} slot ${e}`);
    assert.is(r.hash.size, r.live, `${r.key}: identity hash size`);
  }
}

/** Both stores number the same ids the same way, and each finds every id it holds. */
function idsEqual(a: GraphStore, b: GraphStore): void {
  for (const [t, n] of a.nodes) {
    const m = b.nodes.get(t)!;
    assert.is(m.ids.size, n.ids.size, `${t}: ids`);
    for (let i = 0; i < n.ids.size; i++) assert.is(m.ids.lookup(n.ids.idOf(i)), i, `${t} id ${n.ids.idOf(i)}`);
  }
}

test('merges, hash and id table growth on the worker give the same store as inline, while batches go on, and after the worker stops', async () => {
  // mergeMin 64 and minSlots 0: every merge and every growth of these small relations is a worker job.
  const maintainer = new WorkerMaintainer(0);
  const inline = new GraphStore(schema(), 64, INLINE);
  const worker = new GraphStore(schema(), 64, maintainer);
  const rnd = lcg(11);
  const rels = [PAYS, REV_PAYS, USES];
  const batches: GraphEvent[][] = [];
  for (let b = 0; b < 160; b++) {
    if (b === 120) maintainer.close();
    const ops: GraphOp[] = [];
    for (let i = 0; i < 150; i++) {
      const a = `a${rnd(400)}`,
        m = `m${rnd(60)}`,
        d = `d${rnd(200)}`;
      const k = rnd(10);
      if (k < 2) ops.push(del(PAYS, a, m), del(REV_PAYS, m, a));
      else if (k < 3) ops.push(del(USES, a, d));
      else ops.push(add(PAYS, a, m), add(REV_PAYS, m, a), add(USES, a, d));
    }
    // Several events a batch, times moving on: `uses` edges (TTL 100 s) expire as the batches pass.
    const batch = [0, 1, 2].map((j) => ev(`b${b}-${j}`, b * 5 + j, ...ops.slice(j * 150, (j + 1) * 150)));
    batches.push(batch);
    inline.ingest(batch);
    worker.ingest(batch);
    // Redelivered, late: an event id lost in a table rebuild would apply its ops again.
    if (b % 5 === 4) {
      inline.ingest(batches[b - 3]);
      worker.ingest(batches[b - 3]);
    }
    assert.is(worker.applied.size, inline.applied.size, `batch ${b}: event ids`);
    // Now and then the event loop turns, as a server's would: results also arrive between batches.
    if (b % 7 === 0) await new Promise((r) => setTimeout(r, 3));
    hashExact(worker);
    idsEqual(inline, worker);
    if (b % 10 === 9)
      for (const rel of rels) assert.is(view(worker, rel, 60), view(inline, rel, 60), `batch ${b}, ${rel}`);
  }
  while (worker.settle()) await new Promise((r) => setTimeout(r, 2));
  for (const rel of rels) assert.is(view(worker, rel, 400), view(inline, rel, 400), rel);
  hashExact(worker);
  idsEqual(inline, worker);
  assert.ok(maintainer.ran > 20, `jobs ran on the worker (${maintainer.ran})`);
});

test('event ids go to a side table while their table is rebuilt, and none is lost when it fills or when the rebuild is installed', () => {
  // A maintainer whose rebuilds finish only when waited for: the side table fills every time.
  const late: Maintainer = {
    ...INLINE,
    events: (old) => {
      const t = fillEvents(old);
      return { take: (wait) => (wait ? t : undefined), cancel: () => undefined };
    },
  };
  const e = new EventIds(late),
    ids = Array.from({ length: 5000 }, (_, i) => `evt-${i}`);
  for (const [k, id] of ids.entries()) {
    assert.is(e.addFingerprint(fingerprintA(id), fingerprintB(id, fingerprintA(id))), true, id);
    if (k % 7 === 0)
      assert.is(
        e.addFingerprint(fingerprintA(ids[k >> 1]), fingerprintB(ids[k >> 1], fingerprintA(ids[k >> 1]))),
        false,
        `${ids[k >> 1]} again`,
      );
  }
  assert.is(e.size, ids.length);
  for (const id of ids) assert.ok(e.has(id), id);
  assert.is(e.has('evt-x'), false);
  e.settle(true);
  for (const id of ids) assert.ok(e.has(id), `${id} after the install`);
});

test.run();
