import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { makeSchema } from '../../src/graph/base/schema.ts';
import { GraphStore } from '../../src/graph/store.ts';
import { loadModel } from '../../src/model/load.node.ts';
import { Scorer } from '../../src/schedule/scorer.ts';
import { FIXTURES } from '../fixtures.ts';

const HOMO = 'node__to__node';
const store = (init: { edgeAttr?: Record<string, number>; edgeWeight?: Record<string, boolean> }, width = 16) =>
  new GraphStore(makeSchema({ nodeTypes: { node: width }, relations: [HOMO], ...init }));

test('a model is not served from a store that lacks the edge data it reads', async () => {
  const gat = await loadModel(join(FIXTURES, 'gat_edge'));
  assert.equal([...gat.edgeReads], [[HOMO, { attr: 8, weight: false }]]);
  assert.throws(
    () => new Scorer({ model: gat, store: store({}) }),
    /model 'gat_edge': relation 'node__to__node': its layers read edge_attr of width 8, but the store's edges carry no attributes/,
  );
  assert.throws(() => new Scorer({ model: gat, store: store({ edgeAttr: { [HOMO]: 4 } }) }), /carry 4 attributes/);
  new Scorer({ model: gat, store: store({ edgeAttr: { [HOMO]: 8 } }) });
  const gcn = await loadModel(join(FIXTURES, 'gcn2_ew'));
  assert.throws(
    () => new Scorer({ model: gcn, store: store({}, 24) }),
    /its layers read edge_weight \(uses_edge_weight\), but the store's edges carry no weight/,
  );
  new Scorer({ model: gcn, store: store({ edgeWeight: { [HOMO]: true } }, 24) });
  const sage = await loadModel(join(FIXTURES, 'sage_mean2'));
  assert.is(sage.edgeReads.size, 0);
});

test.run();
