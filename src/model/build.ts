import { ACTIVATION_OPS, Activation } from '../layers/activation.ts';
import { GATConv } from '../layers/gat-conv.ts';
import { GATv2Conv } from '../layers/gatv2-conv.ts';
import { GCNConv } from '../layers/gcn-conv.ts';
import { GINConv } from '../layers/gin-conv.ts';
import { GINEConv } from '../layers/gine-conv.ts';
import { HeteroConv, type GroupAggr } from '../layers/hetero-conv.ts';
import type { Conv, Dense, Layer } from '../layers/layer.ts';
import { Linear } from '../layers/linear.ts';
import { HomoConv, PerNode } from '../layers/node-layers.ts';
import { BatchNorm, LayerNorm } from '../layers/norms.ts';
import { RGCNConv } from '../layers/rgcn-conv.ts';
import { SAGEConv } from '../layers/sage-conv.ts';
import { Sequential } from '../layers/sequential.ts';
import { splitEdgeKey } from '../tensor/batch.ts';
import { Fields, type Json } from '../spec/fields.ts';
import type { Params } from '../spec/params.ts';

const CONV_OPS = ['GCNConv', 'SAGEConv', 'GATConv', 'GATv2Conv', 'GINConv', 'GINEConv', 'RGCNConv'];
const DENSE_OPS = ['Linear', 'BatchNorm', 'LayerNorm', 'dropout', ...ACTIVATION_OPS];

function asObject(v: Json | undefined, where: string): { [k: string]: Json } {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error(`${where}: expected an object, got ${JSON.stringify(v)}`);
  return v;
}

function opOf(o: { [k: string]: Json }, where: string): string {
  if (typeof o.op !== 'string') throw new Error(`${where}: field 'op' is ${JSON.stringify(o.op)}, expected a layer name`);
  return o.op;
}

function keyOf(f: Fields): string {
  const k = f.raw('key');
  if (typeof k !== 'string' || k.length === 0) f.fail('key', 'the layer\'s state_dict prefix');
  return k;
}

function label(o: { [k: string]: Json }, path: string): string {
  return `${path} (${o.op}${typeof o.key === 'string' ? ` '${o.key}'` : ''})`;
}

/** A dense op (Linear, norm, activation, dropout → null). */
export function buildDense(spec: Json, path: string, p: Params): Dense | null {
  const o = asObject(spec, path);
  const op = opOf(o, path);
  const f = new Fields(o, label(o, path));
  let d: Dense | null;
  if (op === 'Linear') { keyOf(f); d = Linear.parse(f, p); }
  else if (op === 'BatchNorm') { keyOf(f); d = BatchNorm.parse(f, p); }
  else if (op === 'LayerNorm') { keyOf(f); d = LayerNorm.parse(f, p); }
  else if (op === 'dropout') { f.num('p', 0.5); d = null; }
  else if ((ACTIVATION_OPS as readonly string[]).includes(op)) d = Activation.parse(op as (typeof ACTIVATION_OPS)[number], f);
  else throw new Error(`${path}: op '${op}' is not supported here (expected one of ${DENSE_OPS.join(', ')})`);
  f.raw('node_types');
  f.raw('keys');
  f.done();
  return d;
}

/** A message-passing layer on one relation. */
export function buildConv(spec: Json, path: string, p: Params): Conv {
  const o = asObject(spec, path);
  const op = opOf(o, path);
  const f = new Fields(o, label(o, path));
  if (!CONV_OPS.includes(op)) throw new Error(`${path}: op '${op}' is not a supported conv (expected one of ${CONV_OPS.join(', ')})`);
  const key = keyOf(f);
  let conv: Conv;
  switch (op) {
    case 'GCNConv': conv = GCNConv.parse(f, p, key); break;
    case 'SAGEConv': conv = SAGEConv.parse(f, p, key); break;
    case 'GATConv': conv = GATConv.parse(f, p, key); break;
    case 'GATv2Conv': conv = GATv2Conv.parse(f, p, key); break;
    case 'RGCNConv': conv = RGCNConv.parse(f, p, key); break;
    default: {
      const raw = f.raw('nn');
      const nnSpec = Array.isArray(raw) && raw.length > 0 ? raw : f.fail('nn', 'a non-empty list of layers');
      const ops = nnSpec.map((s, i) => buildDense(s, `${path}.nn[${i}]`, p)).filter((d): d is Dense => d !== null);
      const nn = new Sequential(ops);
      const first = ops[0];
      conv = op === 'GINConv' ? GINConv.parse(f, p, key, nn) : GINEConv.parse(f, p, key, nn, first instanceof Linear ? first.inChannels : null);
    }
  }
  f.done();
  return conv;
}

export interface GraphSpec {
  readonly hetero: boolean;
  readonly nodeTypes: readonly string[];
  readonly edgeTypes: readonly string[];
}

/** One entry of model.json's `layers`. */
export function buildLayer(spec: Json, path: string, p: Params, graph: GraphSpec): Layer | null {
  const o = asObject(spec, path);
  const op = opOf(o, path);
  if (op === 'HeteroConv') {
    if (!graph.hetero) throw new Error(`${path}: HeteroConv needs a heterogeneous 'graph' section in model.json`);
    const f = new Fields(o, label(o, path));
    const aggr = f.str<GroupAggr | 'add'>('aggr', ['sum', 'add', 'mean', 'max', 'min'], 'sum');
    const convSpecs = asObject(f.raw('convs'), `${path}.convs`);
    const convs = new Map<string, Conv>();
    for (const [et, cs] of Object.entries(convSpecs)) {
      const [src, , dst] = splitEdgeKey(et);
      if (!graph.edgeTypes.includes(et)) throw new Error(`${path}.convs: edge type '${et}' is not in the model's graph.edge_types (${graph.edgeTypes.join(', ')})`);
      if (!graph.nodeTypes.includes(src) || !graph.nodeTypes.includes(dst)) throw new Error(`${path}.convs: edge type '${et}' names a node type outside graph.node_types`);
      convs.set(et, buildConv(cs, `${path}.convs.${et}`, p));
    }
    f.raw('key');
    f.done();
    return new HeteroConv(convs, aggr === 'add' ? 'sum' : aggr);
  }
  if (CONV_OPS.includes(op)) {
    if (graph.hetero) throw new Error(`${path}: ${op} on a heterogeneous graph must sit inside a HeteroConv (one conv per edge type)`);
    return new HomoConv(buildConv(o, path, p));
  }
  if (o.keys !== undefined && o.keys !== null) return perTypeCopies(o, path, p, graph);
  const d = buildDense(o, path, p);
  if (d === null) return null;
  const nt = o.node_types;
  if (nt === undefined || nt === null) return new PerNode(d, null);
  if (!Array.isArray(nt) || !nt.every((t) => typeof t === 'string' && graph.nodeTypes.includes(t))) {
    throw new Error(`${label(o, path)}: field 'node_types' is ${JSON.stringify(nt)}, expected a list of the graph's node types (${graph.nodeTypes.join(', ')})`);
  }
  return new PerNode(d, nt as string[]);
}

/** to_hetero's copies of a dense layer, one per node type: `keys` maps each type to its state_dict prefix. */
function perTypeCopies(o: { [k: string]: Json }, path: string, p: Params, graph: GraphSpec): Layer | null {
  const keys = asObject(o.keys, `${label(o, path)}: field 'keys'`);
  const ops = new Map<string, Dense>();
  for (const [t, key] of Object.entries(keys)) {
    if (!graph.nodeTypes.includes(t)) throw new Error(`${label(o, path)}: field 'keys' names node type '${t}', not one of ${graph.nodeTypes.join(', ')}`);
    if (typeof key !== 'string') throw new Error(`${label(o, path)}: keys.${t} is ${JSON.stringify(key)}, expected a state_dict prefix`);
    const { keys: _k, node_types: _n, ...rest } = o;
    const d = buildDense({ ...rest, key }, `${path}[${t}]`, p);
    if (d === null) return null;
    ops.set(t, d);
  }
  return new PerNode(ops, null);
}
