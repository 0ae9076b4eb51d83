// Attention coefficients from Model.run's `attention`: the GAT kernel itself aggregating one-hot
// messages. Each destination's α sums to 1 per head, the outputs are unchanged, CPU equals WebGPU.
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CpuBackend } from '../../src/backend/cpu-backend.ts';
import { attentionInto } from '../../src/explain/attention-into.ts';
import { loadGraph, loadModel } from '../../src/model/load.node.ts';
import type { AttentionWeights } from '../../src/model/model.ts';
import { FIXTURES } from '../fixtures.ts';
import { gpu } from '../kernels/gpu-harness.ts';

for (const name of ['gat_edge', 'gat2', 'gatv2']) {
  test(`${name}: α per destination sums to 1 per head; outputs unchanged; CPU equals WebGPU`, async () => {
    const dir = join(FIXTURES, name);
    const model = await loadModel(dir);
    const graph = await loadGraph(join(dir, 'graph.safetensors'));
    const cpu = new CpuBackend();
    const plain = await model.run(graph, { backend: cpu });
    const att: AttentionWeights[] = [];
    const out = await model.run(graph, { backend: cpu, attention: att });
    for (const [k, m] of plain) assert.equal(out.get(k)!.data, m.data, `${k} unchanged`);
    assert.ok(att.length >= 1, `${att.length} attention layers`);
    for (const a of att) {
      const sums = new Float64Array((Math.max(...a.dst) + 1) * a.heads);
      for (let k = 0; k < a.dst.length; k++)
        for (let h = 0; h < a.heads; h++) {
          assert.ok(a.alpha[k * a.heads + h] >= 0);
          // A repeated edge reports the sum of its copies' α: count it once.
          const first = a.src.findIndex((s, j) => s === a.src[k] && a.dst[j] === a.dst[k]);
          if (first === k) sums[a.dst[k] * a.heads + h] += a.alpha[k * a.heads + h];
        }
      for (let i = 0; i < sums.length; i++)
        if (sums[i] !== 0) assert.ok(Math.abs(sums[i] - 1) < 1e-4, `layer ${a.layer} row ${i}: Σα = ${sums[i]}`);
    }
    const g: AttentionWeights[] = [];
    await model.run(graph, { backend: await gpu(), attention: g });
    assert.is(g.length, att.length);
    for (const [l, a] of att.entries()) {
      assert.equal(g[l].src, a.src);
      for (let k = 0; k < a.alpha.length; k++)
        assert.ok(Math.abs(g[l].alpha[k] - a.alpha[k]) < 1e-5, `webgpu α ${g[l].alpha[k]} vs cpu ${a.alpha[k]}`);
    }
    const into = attentionInto(att, { type: 'node', row: 3 });
    assert.ok(into.length > 0 && into.every((e) => e.relation === att[0].relation || e.layer > 0));
  });
}

test.run();
