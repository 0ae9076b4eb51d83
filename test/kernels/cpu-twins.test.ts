// Each CPU twin on inputs small enough to check by hand: these pin the semantics the GPU kernels are compared with.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { activate, erf } from '../../src/runtime/act.ts';
import { cpuGraph } from '../../src/runtime/cpu-graph.ts';
import { KERNELS } from '../../src/kernels/index.ts';
import { buildCsr, withSelfLoops } from '../../src/tensor/csr.ts';
import { mat, type Mat } from '../../src/tensor/mat.ts';

const K = Object.fromEntries(Object.entries(KERNELS).map(([k, v]) => [k, v.cpu])) as {
  [P in keyof typeof KERNELS]: (typeof KERNELS)[P]['cpu'];
};
const M = (rows: number, cols: number, ...v: number[]): Mat => mat(rows, cols, Float32Array.from(v));
const TOL = 1e-6; // f32 rounding of hand-computed values
function near(actual: Mat, expected: number[], tol = TOL): void {
  assert.is(actual.data.length, expected.length, 'length');
  actual.data.forEach((a, i) => {
    if (!(Math.abs(a - expected[i]) <= tol * Math.max(1, Math.abs(expected[i]))))
      assert.unreachable(`actual[${i}] = ${a}, expected ${expected[i]} (rel tol ${tol})`);
  });
}
const NONE = { kind: 'none', param: 0 } as const;

// 0->2, 1->2, 2->0 ; node 1 has no in-edges
const g = cpuGraph(buildCsr(Int32Array.of(0, 1, 2), Int32Array.of(2, 2, 0), 3, 3));
const x = M(3, 2, 1, 2, 3, -4, 5, 6);

test('gemm: x·wᵀ + bias + add, then activation; K and N odd, M = 0', () => {
  near(
    K.gemm({ x: M(2, 3, 1, 2, 3, 4, 5, 6), w: M(1, 3, 1, 0, -1), bias: M(1, 1, 0.5), add: M(2, 1, 10, 20), act: NONE }),
    [8.5, 18.5],
  );
  near(K.gemm({ x: M(1, 2, 1, -2), w: M(2, 2, 1, 1, 1, 0), act: { kind: 'relu', param: 0 } }), [0, 1]);
  assert.is(K.gemm({ x: M(0, 3), w: M(5, 3, ...new Array(15).fill(1)), act: NONE }).rows, 0);
});

test('spmm: sum, mean, max; empty rows give 0; weighted sum', () => {
  near(K.spmm({ g, x, aggr: 'sum' }), [5, 6, 0, 0, 4, -2]);
  near(K.spmm({ g, x, aggr: 'mean' }), [5, 6, 0, 0, 2, -1]);
  near(K.spmm({ g, x, aggr: 'max' }), [5, 6, 0, 0, 3, 2]);
  near(K.spmm({ g, x, aggr: 'sum', ew: M(3, 1, 2, 0.5, -1) }), [10, 12, 0, 0, -2.5, 5]); // ew in CSR order
});

test('gcnNorm: deg⁻½ w deg⁻½ with the loop fill, inf → 0', () => {
  const l = cpuGraph(withSelfLoops(buildCsr(Int32Array.of(0), Int32Array.of(1), 2, 2), 'remaining'));
  // rows: node0 = [loop], node1 = [0->1, loop]; deg0 = 1, deg1 = 2
  near(K.gcnNorm({ g: l, fill: 1 }), [1, 1 / Math.sqrt(2), 1 / 2]);
  near(K.gcnNorm({ g: l, fill: 2, ew: M(1, 1, 3) }), [1, 3 / Math.sqrt(2 * 5), 2 / 5]);
});

test('gatAttend: softmax over the row, max subtracted; empty row 0', () => {
  // heads 1, C 1; node 2 receives from 0 and 1 with logits leaky(aSrc + aDst)
  const out = K.gatAttend({
    g,
    x: M(3, 1, 10, 20, 30),
    aSrc: M(3, 1, 1, -1, 0),
    aDst: M(3, 1, 0, 0, 0.5),
    heads: 1,
    slope: 0.2,
  });
  const e0 = 1.5,
    e1 = -0.5 * 0.2; // leaky_relu
  const a0 = Math.exp(e0) / (Math.exp(e0) + Math.exp(e1));
  near(out, [30, 0, a0 * 10 + (1 - a0) * 20], 1e-6);
});

test('gatv2Attend: attention on leaky_relu(xl_j + xr_i), messages xl_j', () => {
  const out = K.gatv2Attend({
    g,
    xl: M(3, 1, 1, 2, 3),
    xr: M(3, 1, 0, 0, -1.5),
    att: M(1, 1, 2),
    heads: 1,
    slope: 0.1,
  });
  const e0 = 2 * -0.05,
    e1 = 2 * 0.5;
  const a0 = Math.exp(e0) / (Math.exp(e0) + Math.exp(e1));
  near(out, [3, 0, a0 * 1 + (1 - a0) * 2]);
});

test('gineAggregate: Σ relu(x_j + e_ji) through eid', () => {
  near(K.gineAggregate({ g, x, e: M(3, 2, 0, -3, -4, 0, 1, 1) }), [6, 7, 0, 0, 1, 0]);
});

test('activations follow torch (erf within 1.5e-7)', () => {
  assert.ok(Math.abs(erf(0.5) - 0.5204998778) < 2e-7);
  near(K.activation({ x: M(1, 2, -1, 2), act: { kind: 'elu', param: 1 } }), [Math.exp(-1) - 1, 2]);
  near(K.activation({ x: M(1, 2, -1, 2), act: { kind: 'leaky_relu', param: 0.01 } }), [-0.01, 2]);
  near(K.activation({ x: M(1, 1, 0), act: { kind: 'sigmoid', param: 0 } }), [0.5]);
  assert.ok(Math.abs(activate(1, 'gelu', 0) - 0.8413447) < 1e-6);
  assert.ok(Math.abs(activate(1, 'gelu_tanh', 0) - 0.841192) < 1e-6);
  near(K.biasAct({ x: M(2, 2, 1, 2, 3, 4), bias: M(2, 1, -2, 0), act: { kind: 'relu', param: 0 } }), [0, 2, 1, 4]);
});

test('binary, batchNorm, layerNorm, l2Normalize, headMean, concatRows, gatherRows', () => {
  const a = M(1, 2, 1, -2),
    b = M(1, 2, 3, 4);
  near(K.binary({ x: a, y: b, op: 'axpby', a: 2, b: 0.5 }), [3.5, -2]);
  near(K.binary({ x: a, y: b, op: 'max', a: 1, b: 1 }), [3, 4]);
  near(K.binary({ x: a, y: b, op: 'min', a: 1, b: 1 }), [1, -2]);
  near(
    K.batchNorm({
      x: M(1, 2, 3, 3),
      mean: M(2, 1, 1, 3),
      variance: M(2, 1, 4, 1),
      weight: M(2, 1, 2, 1),
      bias: M(2, 1, 0, 1),
      eps: 0,
    }),
    [2, 1],
  );
  near(K.layerNorm({ x: M(1, 2, 1, 3), eps: 0 }), [-1, 1]);
  near(K.l2Normalize({ x: M(2, 2, 3, 4, 0, 0), eps: 1e-12 }), [0.6, 0.8, 0, 0]);
  near(K.headMean({ x: M(1, 4, 1, 2, 3, 4), heads: 2 }), [2, 3]);
  near(K.concatRows({ a: M(1, 2, 1, 2), b: M(2, 2, 3, 4, 5, 6) }), [1, 2, 3, 4, 5, 6]);
  near(K.gatherRows({ x, idx: Int32Array.of(2, 0) }), [5, 6, 1, 2]);
});

test.run();
