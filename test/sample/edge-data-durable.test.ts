// Edge data survives a restart: a store of an edge-data fixture, reopened from its log alone, then
// from a snapshot and the log after it (re-adds that change attributes on both sides), scores as
// the graph does.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CpuBackend } from '../../src/backend/cpu-backend.ts';
import { DurableStore } from '../../src/graph/durable/durable-store.node.ts';
import type { GraphEvent, GraphOp } from '../../src/graph/ingest/events.ts';
import { GraphStore } from '../../src/graph/store.ts';
import { loadGraph, loadModel } from '../../src/model/load.node.ts';
import { fullGraph } from '../../src/sample/full-graph.ts';
import { Sampler } from '../../src/sample/sampler.ts';
import type { Schema } from '../../src/graph/base/schema.ts';
import { FIXTURES, expectClose } from '../fixtures.ts';
import { REL_TOL, dedup, fixtureEvents, fixtureSchema } from './fixture-store.ts';

const backend = new CpuBackend();
const TARGETS = ['node0', 'node7', 'node424', 'node699'];

/** Re-adds of some edges into the targets with new data: event `tag`. */
function readds(schema: Schema, tag: string, scale: number): GraphEvent {
  const spec = schema.relations.get('node__to__node')!;
  const ops: GraphOp[] = [];
  for (let i = 0; i < 60; i++)
    ops.push({
      op: 'add_edge',
      rel: spec.key,
      src: `node${(i * 37) % 700}`,
      dst: TARGETS[i % TARGETS.length],
      ...(spec.edgeAttr > 0 && { attr: Array.from({ length: spec.edgeAttr }, (_, f) => scale * (((i + f) % 5) - 2)) }),
      ...(spec.edgeWeight && { w: scale * (1 + (i % 3)) }),
    });
  return { id: tag, time: 200, ops };
}

for (const name of ['gat_edge', 'gcn2_ew']) {
  test(`${name}: equal to the graph after a restart from the log, and from a snapshot`, async () => {
    const dir = join(FIXTURES, name);
    const model = await loadModel(dir);
    const graph = dedup(await loadGraph(join(dir, 'graph.safetensors')));
    const schema = fixtureSchema(graph, dir);
    const mirror = new GraphStore(schema);
    const data = mkdtempSync(join(tmpdir(), 'weft-edge-data-'));
    const fanouts = Array.from({ length: model.hops + 1 }, () => -1);
    const expectSame = async (ds: DurableStore, what: string) => {
      const want = (await model.run(fullGraph(mirror), { backend })).get('out')!;
      const rows = TARGETS.map((id) => mirror.nodes.get('node')!.ids.lookup(id));
      const s = new Sampler(ds.store).sample({ node: TARGETS }, { fanouts });
      const exp = {
        rows: rows.length,
        cols: want.cols,
        data: Float32Array.from(rows.flatMap((r) => [...want.data.subarray(r * want.cols, (r + 1) * want.cols)])),
      };
      expectClose(`${name} ${what}`, (await model.run(s.batch, { backend })).get('out')!, exp, REL_TOL, REL_TOL);
    };
    try {
      const events = fixtureEvents(graph, schema);
      let ds = await DurableStore.open(data, schema, { background: false });
      for (let at = 0; at < events.length; at += 100) {
        await ds.ingest(events.slice(at, at + 100));
        mirror.ingest(events.slice(at, at + 100));
      }
      await ds.close();
      ds = await DurableStore.open(data, schema, { background: false });
      assert.equal([ds.recovery.snapshotSeq, ds.recovery.replayed > 0], [0, true], 'replayed from the log alone');
      await expectSame(ds, 'after a restart from the log');
      for (const e of [readds(schema, 'r1', 1)]) {
        await ds.ingest([e]);
        mirror.ingest([e]);
      }
      await ds.snapshot();
      const late = readds(schema, 'r2', 0.5);
      await ds.ingest([late]);
      mirror.ingest([late]);
      await ds.close();
      ds = await DurableStore.open(data, schema, { background: false });
      assert.equal([ds.recovery.snapshotSeq > 0, ds.recovery.replayed], [true, 1], 'a snapshot, then one batch');
      await expectSame(ds, 'after a restart from a snapshot and the log after it');
      await ds.close();
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });
}

test.run();
