// 'top' reads each merged row heaviest first (Adjacency.top) instead of every in-edge: the same
// slots as a brute-force ranking of every visible in-edge (weight, then stored time, then slot),
// over random streams with re-adds that change weights and times, deletes of edges and nodes,
// TTL expiry and unmerged tails, in a relation and its derived reverse (the other index's order),
// with merges run here and on the maintenance worker.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { GraphEvent } from '../../src/graph/index.ts';
import { INLINE, type Maintainer } from '../../src/graph/base/maintainer.ts';
import { makeSchema } from '../../src/graph/base/schema.ts';
import { GraphStore } from '../../src/graph/store.ts';
import { WorkerMaintainer } from '../../src/graph/worker/maintainer.node.ts';
import { Sampler } from '../../src/sample/sampler.ts';
import { lcg } from '../graph/helpers.ts';

const REL = 'n__pays__n';
const REV = 'n__rev_pays__n';
const NODES = 40;
/** Targets checked after each batch: the most popular ends (skewed draws below), so the biggest rows. */
const CHECKED = 6;
const TTL = 40;
const FANOUTS = [1, 3, 8];

function store(maintainer: Maintainer): GraphStore {
  const schema = makeSchema({
    nodeTypes: { n: 1 },
    relations: [REL, REV],
    deriveReverse: true,
    edgeWeight: { [REL]: true },
    ttl: { [REL]: TTL },
  });
  return new GraphStore(schema, 16, maintainer);
}

/** Batch k: adds (weights from few values, so ties are common; re-adds change them), edge and node deletes. */
function batch(k: number, rand: () => number): GraphEvent[] {
  const events: GraphEvent[] = [];
  for (let i = 0; i < 6; i++) {
    const ops: GraphEvent['ops'][number][] = [];
    for (let j = 0; j < 8; j++) {
      const src = `n${Math.floor(rand() ** 2 * NODES)}`,
        dst = `n${Math.floor(rand() ** 3 * NODES)}`,
        r = rand();
      if (r < 0.85) ops.push({ op: 'add_edge', rel: REL, src, dst, w: Math.floor(rand() * 6) / 2 });
      else if (r < 0.97) ops.push({ op: 'delete_edge', rel: REL, src, dst });
      // Only nodes past the checked ones are deleted: a deleted node cannot be sampled until named again.
      else ops.push({ op: 'delete_node', type: 'n', id: `n${CHECKED + Math.floor(rand() * (NODES - CHECKED))}` });
    }
    // Times advance by 0-2 s a batch: several events share a stored time, and TTL expires the oldest.
    events.push({ id: `e${k}-${i}`, time: 1000 + k * 1.3 + i * 0.1, ops });
  }
  return events;
}

/** The `k` heaviest visible in-edges of node `id` in relation `rel` by brute force over every slot: their sources, sorted. */
function bruteTop(s: GraphStore, rel: string, id: string, k: number): string[] {
  const r = s.relations.get(rel)!,
    ids = s.nodes.get('n')!.ids,
    v = ids.lookup(id),
    minTs = r.minTs(s.newest);
  const slots: number[] = [];
  for (let e = 0; e < r.slots; e++) if (r.dst.get(e) === v && r.ts.get(e) >= minTs) slots.push(e);
  const w = (e: number) => r.data!.get(e, 0);
  slots.sort((a, b) => w(b) - w(a) || r.ts.get(b) - r.ts.get(a) || b - a);
  return slots
    .slice(0, k)
    .map((e) => ids.idOf(r.src.get(e)))
    .sort();
}

/** What 'top' sampling with fanout k drew into `id` in each relation: their sources, sorted. */
function sampledTop(sampler: Sampler, id: string, k: number): Record<string, string[]> {
  const smp = sampler.sample({ n: [id] }, { fanouts: [k], mode: 'top' });
  const rows = smp.rows.get('n')!,
    ids = sampler.store.nodes.get('n')!.ids;
  const drawn = (rel: string) => {
    const csr = smp.batch.edges.get(rel)!.csr;
    return [...csr.col.subarray(csr.rowptr[0], csr.rowptr[1])].map((i) => ids.idOf(rows[i])).sort();
  };
  return { [REL]: drawn(REL), [REV]: drawn(REV) };
}

for (const [name, make] of [
  ['merged on this thread', () => INLINE],
  ['merged on the maintenance worker', () => new WorkerMaintainer(0)],
] as const)
  test(`'top' from the weight order equals a brute-force ranking (${name})`, async () => {
    const maintainer: Maintainer = make();
    const s = store(maintainer),
      sampler = new Sampler(s),
      r = s.stored.get(REL)!;
    // What the streams exercised: checks with both orders installed, with slots ranked apart, with an unmerged tail.
    let ordered = 0,
      moved = 0,
      tail = 0;
    for (let seed = 1; seed <= 6; seed++) {
      const int = lcg(seed * 7919),
        rand = () => int(1 << 20) / (1 << 20);
      for (let k = 0; k < 60; k++) {
        s.ingest(batch(seed * 1000 + k, rand));
        if (maintainer !== INLINE) await new Promise((done) => setTimeout(done, 1));
        if (r.byDst.top && r.bySrc.top) ordered++;
        if (r.data!.moves!.log.length > 0) moved++;
        if (r.slots > r.byDst.baseN) tail++;
        for (let v = 0; v < CHECKED; v++) {
          const id = `n${v}`;
          if (s.nodes.get('n')!.ids.lookup(id) < 0) continue;
          for (const f of FANOUTS)
            assert.equal(
              sampledTop(sampler, id, f),
              { [REL]: bruteTop(s, REL, id, f), [REV]: bruteTop(s, REV, id, f) },
              `seed ${seed} batch ${k} ${id} k=${f}`,
            );
        }
      }
    }
    assert.ok(ordered > 100 && moved > 50 && tail > 100, `ordered ${ordered}, moved ${moved}, tail ${tail} checks`);
    if (maintainer instanceof WorkerMaintainer) {
      assert.ok(maintainer.ran > 0, 'merges ran on the worker');
      maintainer.close();
    }
  });

test.run();
