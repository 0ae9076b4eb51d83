import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { Arena } from '../../src/backend/arena.ts';
import { CpuBackend } from '../../src/backend/cpu-backend.ts';
import { loadGraph, loadModel } from '../../src/model/load.node.ts';
import type { Session } from '../../src/runtime/ops.ts';
import { FIXTURES, expectMatchesFile } from '../fixtures.ts';

test('Arena: takes are zeroed and disjoint, memory is reused after release, big takes get their own', () => {
  const a = new Arena(8, 2);
  const x = a.take(5);
  x.fill(7);
  const y = a.take(3);
  assert.is(x.buffer, y.buffer, 'cut from one chunk');
  y.fill(9);
  assert.equal([...x], [7, 7, 7, 7, 7], 'a later take does not overlap an earlier one');
  const z = a.take(4);
  assert.is.not(z.buffer, x.buffer, 'a take that does not fit opens the next chunk');
  const big = a.take(9);
  assert.is(big.length, 9);
  assert.is.not(big.buffer, x.buffer, 'bigger than a chunk: memory of its own');
  a.release();
  const again = a.take(5);
  assert.is(again.buffer, x.buffer, 'after release the first chunk is handed out again');
  assert.equal([...again], [0, 0, 0, 0, 0], 'zeroed, as new memory is');
});

test('CPU sessions are pooled: an ended session is handed out again, once, however often it is ended', () => {
  const cpu = new CpuBackend();
  const s = cpu.session();
  s.end();
  s.end();
  const a = cpu.session();
  const b = cpu.session();
  assert.is(a, s, 'the ended session comes back');
  assert.is.not(b, s, 'ending twice did not put it in the pool twice');
});

async function fixture(name: string) {
  const dir = join(FIXTURES, name);
  return { dir, model: await loadModel(dir), graph: await loadGraph(join(dir, 'graph.safetensors')) };
}

test('one CPU backend across runs of different models: outputs read earlier stay intact and repeat bit for bit', async () => {
  const cpu = new CpuBackend();
  const hetero = await fixture('hetero_sage');
  const gat = await fixture('gat2');
  const first = await hetero.model.run(hetero.graph, { backend: cpu });
  const kept = new Map([...first].map(([k, m]) => [k, m.data.slice()]));
  await gat.model.run(gat.graph, { backend: cpu });
  const second = await hetero.model.run(hetero.graph, { backend: cpu });
  for (const [k, m] of first) {
    assert.equal(m.data, kept.get(k), `${k}: a read output is a copy, untouched by later runs`);
    assert.equal(second.get(k)!.data, m.data, `${k}: the same run on a reused session gives the same bits`);
  }
  await expectMatchesFile(second, join(hetero.dir, 'expected.safetensors'));
});

test('HeteroConv with a sum folds the roots of each destination into one GEMM, and still reproduces PyG', async () => {
  const { dir, model, graph } = await fixture('hetero_sage');
  const cpu = new CpuBackend();
  let gemms = 0;
  const counted = {
    name: 'counting cpu',
    description: 'cpu, gemm calls counted',
    session(): Session {
      const s = cpu.session();
      return {
        ...s,
        gemm: (a) => {
          gemms++;
          return s.gemm(a);
        },
      };
    },
  };
  const out = await model.run(graph, { backend: counted });
  await expectMatchesFile(out, join(dir, 'expected.safetensors'));
  // Per conv layer and destination type with r relations: r GEMMs unfolded = 2r (lin_l and lin_r each).
  let unfolded = 0;
  let folded = 0;
  const convs = model.layers.flatMap((l) => ('convs' in l ? [l.convs as ReadonlyMap<string, unknown>] : []));
  assert.is(convs.length, model.layers.length, `hetero_sage is HeteroConvs only (${String(model)})`);
  for (const c of convs) {
    const perDst = new Map<string, number>();
    for (const et of c.keys()) perDst.set(et.split('__')[2], (perDst.get(et.split('__')[2]) ?? 0) + 1);
    for (const r of perDst.values()) {
      unfolded += 2 * r;
      folded += r > 1 ? r + 1 : 2 * r;
    }
  }
  assert.ok(folded < unfolded, `hetero_sage has a destination with several relations (${String(model)})`);
  assert.is(gemms, folded, `GEMMs run: folded roots ${folded}, unfolded would be ${unfolded}`);
});

test.run();
