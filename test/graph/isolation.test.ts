import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DurableStore } from '../../src/graph/durable/durable-store.node.ts';
import type { GraphEvent } from '../../src/graph/ingest/events.ts';
import { Sampler } from '../../src/sample/sampler.ts';
import { REV_PAYS, add, del, ev, node, schema } from './helpers.ts';

/**
 * Batch k moves the hub from state k-1 to state k in several events: it deletes the 10 merchant
 * edges of state k-1, adds 10 new ones and sets the hub's features to k. A reader that saw half
 * a batch would find a row count other than 10 or edges that disagree with the features.
 */
function step(k: number): GraphEvent[] {
  const out: GraphEvent[] = [];
  for (let i = 0; i < 10; i++) {
    const ops = [add(REV_PAYS, `m${k}-${i}`, 'hub')];
    if (k > 1) ops.push(del(REV_PAYS, `m${k - 1}-${i}`, 'hub'));
    out.push(ev(`s${k}-${i}`, k, ...ops));
  }
  out.push(ev(`s${k}-x`, k, node('account', 'hub', [k, k, k, k])));
  return out;
}

test('readers see whole batches only, while batches are in flight, applied and snapshotted', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'weft-isolation-test-'));
  try {
    const ds = await DurableStore.open(dir, schema({}), { snapshotEveryBytes: 4096 });
    await ds.ingest(step(1));
    const sampler = new Sampler(ds.store);
    const versions = new Set<number>();
    let reads = 0,
      writing = true;
    const reader = async (): Promise<void> => {
      while (writing) {
        const s = sampler.sample({ account: ['hub'] }, { fanouts: [-1] });
        const k = s.batch.x.get('account')!.data[0];
        const merchants = s.rows.get('merchant')!;
        const ids = ds.store.nodes.get('merchant')!.ids;
        assert.is(s.batch.edges.get(REV_PAYS)!.csr.numEdges, 10, `version ${s.version}: the hub has 10 merchants`);
        for (const g of merchants)
          assert.ok(
            ids.idOf(g).startsWith(`m${k}-`),
            `version ${s.version}: merchant ${ids.idOf(g)} with features of state ${k}`,
          );
        versions.add(s.version);
        reads++;
        await new Promise((r) => setImmediate(r));
      }
    };
    const readers = [reader(), reader()];
    const inFlight: Promise<unknown>[] = [];
    for (let k = 2; k <= 60; k++) {
      inFlight.push(ds.ingest(step(k)));
      if (k % 20 === 0) inFlight.push(ds.snapshot());
      if (inFlight.length >= 4) await inFlight.shift();
    }
    await Promise.all(inFlight);
    writing = false;
    await Promise.all(readers);
    assert.ok(
      reads >= 20 && versions.size >= 5,
      `readers ran between writes (${reads} reads over ${versions.size} versions)`,
    );
    assert.equal([...ds.store.features('account', 'hub')!], [60, 60, 60, 60]);
    await ds.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
