import { test } from 'uvu';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CpuBackend } from '../../src/backend/cpu-backend.ts';
import { loadGraph, loadModel } from '../../src/model/load.node.ts';
import { Sampler } from '../../src/sample/sampler.ts';
import { FIXTURES, expectClose } from '../fixtures.ts';
import { REL_TOL, dedup, load } from './fixture-store.ts';

const backend = new CpuBackend();
// Homogeneous fixtures, with the hops a full sample needs beyond one per layer. SAGE, GAT and
// GIN read a node's in-edges and its neighbours' states: k hops for k layers. GCN's
// normalisation also reads each source's in-degree, so the outermost sources need their
// in-edges too: one hop more. (Edge-attribute and RGCN cases are left out: the store keeps no
// edge features or edge types.)
const CASES: [string, number][] = [
  ['sage_mean2', 0],
  ['sage_max2', 0],
  ['sage_proj', 0],
  ['sage_mean2_empty', 0],
  ['gat2', 0],
  ['gatv2', 0],
  ['gin2', 0],
  ['mlp_head', 0],
  ['gcn2', 1],
  ['gcn2_tiny', 1],
  ['gcn2_empty', 1],
];

for (const [c, extra] of CASES) {
  test(`${c}: full-neighbourhood samples from the store reproduce full-graph inference`, async () => {
    const dir = join(FIXTURES, c);
    const spec = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as { layers: { op: string }[] };
    const hops = spec.layers.filter((l) => l.op.endsWith('Conv')).length + extra;
    const model = await loadModel(dir);
    const graph = dedup(await loadGraph(join(dir, 'graph.safetensors')));
    const full = (await model.run(graph, { backend })).get('out')!;
    const sampler = new Sampler(load(graph, dir));
    const n = graph.x.get('node')!.rows;
    for (const rows of [[0], [n - 1, Math.floor(n / 2), 0]]) {
      const s = sampler.sample({ node: rows.map((r) => `node${r}`) }, { fanouts: new Array(hops).fill(-1) });
      const out = (await model.run(s.batch, { backend })).get('out')!;
      const exp = {
        rows: rows.length,
        cols: full.cols,
        data: new Float32Array(rows.flatMap((r) => [...full.data.subarray(r * full.cols, (r + 1) * full.cols)])),
      };
      expectClose(`${c} out for nodes ${rows.join(',')}`, out, exp, REL_TOL, REL_TOL);
    }
  });
}

test.run();
