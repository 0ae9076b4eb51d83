import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DurableStore } from '../../src/graph/durable/durable-store.node.ts';
import type { GraphEvent, GraphOp } from '../../src/graph/ingest/events.ts';
import { makeSchema } from '../../src/graph/base/schema.ts';
import { dumpStore } from '../../src/graph/durable/snapshot-codec.ts';
import { readSnapshot, writeSnapshot } from '../../src/graph/durable/snapshot.node.ts';
import { GraphStore } from '../../src/graph/store.ts';
import { Sampler } from '../../src/sample/sampler.ts';
import { PAYS, REV_PAYS, REV_USES, USES, add, del, ev, schema, lcg } from './helpers.ts';

const REVERSE: Record<string, string> = { [USES]: REV_USES, [REV_USES]: USES, [PAYS]: REV_PAYS, [REV_PAYS]: PAYS };
const RELS = [USES, REV_USES, PAYS, REV_PAYS];
const BOTH_TTL = { [USES]: 100, [REV_USES]: 100 };

/** The same op turned around, on the other relation of the pair. */
function turned(op: GraphOp): GraphOp {
  if (op.op === 'upsert_node' || op.op === 'delete_node') return op;
  return { ...op, rel: REVERSE[op.rel], src: op.dst, dst: op.src };
}

/** Random batches of adds and deletes, on forward and reverse relations alike, times moving on (uses expire after 100 s). */
function stream(batches: number, seed: number): GraphEvent[][] {
  const rnd = lcg(seed);
  const out: GraphEvent[][] = [];
  for (let b = 0; b < batches; b++) {
    const events: GraphEvent[] = [];
    for (let e = 0; e < 20; e++) {
      const a = `a${rnd(80)}`,
        m = `m${rnd(12)}`,
        d = `d${rnd(30)}`;
      const ops: GraphOp[] = [];
      for (let k = 0; k < 3; k++) {
        const [rel, s, t] = [
          [USES, a, d],
          [REV_USES, d, a],
          [PAYS, a, m],
          [REV_PAYS, m, a],
        ][rnd(4)];
        ops.push(rnd(5) === 0 ? del(rel, s, t) : add(rel, s, t));
      }
      events.push(ev(`b${b}-${e}`, b * 7 + e / 10, ...ops));
    }
    out.push(events);
  }
  return out;
}

/** What a reader sees: per relation the visible count and every node's sorted neighbours both ways. */
function view(s: GraphStore): string {
  const out: string[] = [];
  for (const rel of RELS) {
    out.push(`${rel} ${s.edgeCount(rel)}`);
    const r = s.relations.get(rel)!;
    for (let i = 0; i < 80; i++) {
      out.push(
        s.neighbours(rel, 'out', `${r.srcType[0]}${i}`).sort().join(','),
        s.neighbours(rel, 'in', `${r.dstType[0]}${i}`).sort().join(','),
      );
    }
  }
  return out.join('\n');
}

test('a derived reverse relation reads as the two relations written both ways, sampler included, in half the edge storage', () => {
  const derived = new GraphStore(schema(undefined, true), 32);
  // Apart, the reverse of `uses` needs the TTL a derived one takes from its forward.
  const apart = new GraphStore(schema(BOTH_TTL), 32);
  assert.equal([...derived.stored.keys()], [USES, PAYS]);
  // Derived too, written both ways as a producer feeding reverse relations does: each turned op repeats the one before.
  const doubled = new GraphStore(schema(undefined, true), 32);
  for (const batch of stream(60, 5)) {
    derived.ingest(batch);
    // The same events with each op also written turned around: what derivation means.
    const both = batch.map((e) => ({ ...e, ops: e.ops.flatMap((op) => [op, turned(op)]) }));
    apart.ingest(both);
    doubled.ingest(both);
  }
  assert.is(view(derived), view(apart));
  assert.is(view(doubled), view(apart));
  for (const rel of RELS) assert.is(derived.relations.get(rel)!.live, apart.relations.get(rel)!.live, rel);
  assert.ok(derived.hasEdge(REV_PAYS, 'm3', 'a3') === derived.hasEdge(PAYS, 'a3', 'm3'));
  const sd = new Sampler(derived),
    sa = new Sampler(apart);
  for (let i = 0; i < 30; i++) {
    const targets = { account: [`a${i}`].filter((id) => derived.nodes.get('account')!.ids.lookup(id) >= 0) };
    if (targets.account.length === 0) continue;
    for (const opts of [
      { fanouts: [-1, -1] },
      { fanouts: [3, 2], seed: i },
      { fanouts: [2, 2], mode: 'recent' as const },
    ]) {
      const a = sd.sample(targets, opts),
        b = sa.sample(targets, opts);
      assert.equal([...a.rows], [...b.rows], `targets a${i}, ${JSON.stringify(opts)}: sampled nodes`);
      for (const rel of RELS)
        assert.equal(
          a.batch.edges.get(rel)!.csr,
          b.batch.edges.get(rel)!.csr,
          `targets a${i}, ${JSON.stringify(opts)}: ${rel}`,
        );
    }
  }
  const bytes = (s: GraphStore): number => s.bytes().edges;
  assert.ok(bytes(derived) < 0.6 * bytes(apart), `edge bytes ${bytes(derived)} vs ${bytes(apart)}`);
});

test("a reverse relation takes its forward's TTL; a different one is refused", () => {
  const s = makeSchema({
    nodeTypes: { account: 1, device: 1 },
    relations: [USES, REV_USES],
    ttl: { [USES]: 100 },
    deriveReverse: true,
  });
  assert.equal([s.relations.get(REV_USES)!.ttl, s.relations.get(REV_USES)!.reverseOf], [100, USES]);
  assert.throws(
    () =>
      makeSchema({
        nodeTypes: { account: 1, device: 1 },
        relations: [USES, REV_USES],
        ttl: { [REV_USES]: 5 },
        deriveReverse: true,
      }),
    /ttl for relation 'device__rev_uses__account' is 5, but it is the reverse of 'account__uses__device' \(ttl Infinity\)/,
  );
  assert.is(
    makeSchema({ nodeTypes: { account: 1, device: 1 }, relations: [REV_USES], deriveReverse: true }).relations.get(
      REV_USES,
    )!.reverseOf,
    undefined,
    'no forward, nothing to derive from',
  );
});

test('derived reverses survive the log and snapshots; a snapshot moves between derived and stored apart', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'weft-reverse-'));
  try {
    const batches = stream(40, 9);
    const ds = await DurableStore.open(join(dir, 'd'), schema(undefined, true), { snapshotEveryBytes: 4096 });
    for (const b of batches) await ds.ingest(b);
    await ds.idle();
    const want = view(ds.store);
    await ds.close();
    const again = await DurableStore.open(join(dir, 'd'), schema(undefined, true));
    assert.ok(again.recovery.snapshotSeq > 0, 'a snapshot was taken');
    assert.is(view(again.store), want);
    // Its snapshot opened with the reverses stored apart: each reverse filled from its forward.
    const newest = readdirSync(join(dir, 'd'))
      .filter((f) => /^snapshot-\d+\.bin$/.test(f))
      .sort()
      .at(-1)!;
    const { store: apart, seq } = await readSnapshot(join(dir, 'd', newest), schema(BOTH_TTL));
    assert.equal([...apart.stored.keys()], RELS);
    await again.close();
    const replayed = new GraphStore(schema(undefined, true));
    for (const b of batches.slice(0, seq)) replayed.ingest(b);
    assert.is(view(apart), view(replayed));

    // A snapshot of reverses stored apart, one holding an edge its forward lacks, opened derived:
    // that edge joins the forward, turned around.
    const s = new GraphStore(schema(BOTH_TTL));
    s.ingest([
      ev('e1', 10, add(PAYS, 'a1', 'm1'), add(REV_PAYS, 'm1', 'a1'), add(REV_PAYS, 'm2', 'a2'), add(USES, 'a1', 'd1')),
    ]);
    mkdirSync(join(dir, 'p'));
    const name = await writeSnapshot(join(dir, 'p'), dumpStore(s, 1), 1);
    const merged = (await readSnapshot(join(dir, 'p', name), schema(undefined, true))).store;
    assert.equal(
      [
        merged.hasEdge(PAYS, 'a2', 'm2'),
        merged.hasEdge(REV_USES, 'd1', 'a1'),
        merged.edgeCount(PAYS),
        merged.edgeCount(REV_PAYS),
      ],
      [true, true, 2, 2],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
