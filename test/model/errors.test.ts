// Every bad input is an error that names where (file, layer, key), the value, and what was expected.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CpuBackend } from '../../src/backend/cpu-backend.ts';
import type { Json } from '../../src/spec/fields.ts';
import { Model } from '../../src/model/model.ts';
import { graphFromSafetensors } from '../../src/tensor/graph-file.ts';
import { parseSafetensors, serializeSafetensors, type Tensor } from '../../src/tensor/safetensors.ts';

const f32 = (shape: number[], fill = 0.1): Tensor => ({
  dtype: 'F32',
  shape,
  data: new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(fill),
});
const file = (t: Record<string, Tensor>, name: string) =>
  parseSafetensors(serializeSafetensors(new Map(Object.entries(t))), name);
const sage = (extra: Record<string, Json> = {}): Json => ({
  op: 'SAGEConv',
  key: 'conv1',
  in_channels: 8,
  out_channels: 4,
  aggr: 'mean',
  ...extra,
});
const spec = (layers: Json[], extra: Record<string, Json> = {}): Json => ({
  format: 'weft-model/1',
  name: 't',
  graph: 'homogeneous',
  layers,
  ...extra,
});
const goodWeights = () =>
  file({ 'conv1.lin_l.weight': f32([4, 8]), 'conv1.lin_l.bias': f32([4]), 'conv1.lin_r.weight': f32([4, 8]) }, 'w.st');

function throwsWith(fn: () => unknown, ...parts: string[]): void {
  try {
    fn();
  } catch (e) {
    const msg = (e as Error).message;
    for (const p of parts) assert.ok(msg.includes(p), `message lacks ${JSON.stringify(p)}:\n${msg}`);
    return;
  }
  assert.unreachable('did not throw');
}

test('a valid model builds and prints PyG reprs', () => {
  assert.is(
    Model.fromSpec(spec([sage(), { op: 'relu' }]), goodWeights()).toString(),
    't: SAGEConv(8, 4, aggr=mean) → ReLU()',
  );
  // PyG's MessagePassing keeps str(aggr) as given: SAGEConv(8, 4, aggr='add') prints aggr=add, though it sums.
  assert.is(Model.fromSpec(spec([sage({ aggr: 'add' })]), goodWeights()).toString(), 't: SAGEConv(8, 4, aggr=add)');
  assert.is(Model.fromSpec(spec([sage({ aggr: 'sum' })]), goodWeights()).toString(), 't: SAGEConv(8, 4, aggr=sum)');
});

test('format, op, field and value errors name the layer, field and expectation', () => {
  throwsWith(
    () => Model.fromSpec(spec([sage()], { format: 'weft-model/2' }), goodWeights()),
    "field 'format' is \"weft-model/2\", expected 'weft-model/1'",
  );
  throwsWith(
    () => Model.fromSpec(spec([{ op: 'TransformerConv', key: 'c' }]), goodWeights()),
    "layers[0]: op 'TransformerConv' is not supported",
  );
  throwsWith(
    () => Model.fromSpec(spec([sage({ aggr: 'lstm' })]), goodWeights()),
    "layers[0] (SAGEConv 'conv1'): field 'aggr' is \"lstm\", expected one of 'mean', 'sum', 'add', 'max'",
  );
  throwsWith(() => Model.fromSpec(spec([sage({ residual: true })]), goodWeights()), "unknown field 'residual' = true");
  throwsWith(
    () => Model.fromSpec(spec([sage({ out_channels: -3 })]), goodWeights()),
    "field 'out_channels' is -3, expected a non-negative integer",
  );
  throwsWith(
    () => Model.fromSpec(spec([{ op: 'LayerNorm', key: 'ln', in_channels: 4, mode: 'graph' }]), goodWeights()),
    'field \'mode\' = "graph" is not supported',
  );
  throwsWith(
    () => Model.fromSpec(spec([{ op: 'HeteroConv', convs: {} }]), goodWeights()),
    'HeteroConv needs a heterogeneous',
  );
});

test('an op is parsed by its own registry entry or refused, naming the op and where it may stand', () => {
  throwsWith(
    () => Model.fromSpec(spec([{ op: 'TransformerConv', key: 'c' }]), goodWeights()),
    '(known ops: GCNConv, SAGEConv, GATConv, GATv2Conv, GINConv, GINEConv, RGCNConv, HeteroConv, Linear,',
  );
  throwsWith(
    () => Model.fromSpec(spec([{ op: 'GINConv', key: 'g', nn: [sage()] }]), goodWeights()),
    "layers[0].nn[0]: op 'SAGEConv' is not supported here (expected one of Linear, BatchNorm, LayerNorm, dropout, relu,",
  );
  throwsWith(() => Model.fromSpec(spec([{ op: 'toString' }]), goodWeights()), "op 'toString' is not supported");
  const hetero = { node_types: ['a'], edge_types: [['a', 'r', 'a']] };
  throwsWith(
    () =>
      Model.fromSpec(
        spec([{ op: 'HeteroConv', convs: { a__r__a: { op: 'relu' } } }], { graph: hetero }),
        goodWeights(),
      ),
    "layers[0].convs.a__r__a: op 'relu' is not a supported conv (expected one of GCNConv,",
  );
});

test('checkpoint errors list every missing, misshapen and unexpected key at once', () => {
  const w = file(
    { 'conv1.lin_l.weight': f32([4, 7]), 'conv1.lin_r.weight': f32([4, 8]), 'conv1.extra': f32([2]) },
    'w.st',
  );
  throwsWith(
    () => Model.fromSpec(spec([sage()]), w),
    'checkpoint w.st: 3 problem(s)',
    "'conv1.lin_l.weight': shape [4,7], expected [4,8] (SAGEConv in_channels=8 out_channels=4)",
    "missing 'conv1.lin_l.bias' [4]",
    "unexpected key 'conv1.extra' [2]",
  );
});

test('graph errors name the tensor, the index and the bound', () => {
  const edges = (v: bigint[]): Tensor => ({ dtype: 'I64', shape: [2, v.length / 2], data: BigInt64Array.from(v) });
  throwsWith(
    () => graphFromSafetensors(file({ x: f32([3, 8]), edge_index: edges([0n, 1n, 1n, 5n]) }, 'g.st')),
    "g.st: tensor 'edge_index': target index 5 of edge 1 is not in [0, 2]",
  );
  const nan = f32([2, 2]);
  (nan.data as Float32Array)[3] = NaN;
  throwsWith(
    () => graphFromSafetensors(file({ x: nan, edge_index: edges([]) }, 'g.st')),
    "tensor 'x': value NaN at row 1, column 1 is not finite",
  );
  throwsWith(
    () => graphFromSafetensors(file({ y: f32([1]) }, 'g.st')),
    "g.st: no node features: expected 'x' (homogeneous) or 'x.<ntype>'",
  );
  throwsWith(
    () => graphFromSafetensors(file({ 'x.a': f32([1, 1]), 'edge_index.a__r__b': edges([0n, 0n]) }, 'g.st')),
    "node type 'b' has no features 'x.b'",
  );
});

test('run-time mismatches: feature width, graph kind', async () => {
  const model = Model.fromSpec(spec([sage()]), goodWeights());
  const g = graphFromSafetensors(
    file({ x: f32([3, 5]), edge_index: { dtype: 'I64', shape: [2, 0], data: new BigInt64Array(0) } }, 'g.st'),
  );
  try {
    await model.run(g, { backend: new CpuBackend() });
    assert.unreachable('ran');
  } catch (e) {
    assert.match((e as Error).message, "SAGEConv(8, 4, aggr=mean) (source 'node'): input has 5 features, expected 8");
  }
  const hetero = graphFromSafetensors(file({ 'x.a': f32([1, 8]) }, 'g.st'));
  try {
    await model.run(hetero, { backend: new CpuBackend() });
    assert.unreachable('ran');
  } catch (e) {
    assert.match((e as Error).message, "graph is heterogeneous but model 't' expects a homogeneous graph");
  }
});

test.run();
