import { ACTIVATION_OPS, Activation } from '../layers/activation.ts';
import { GATConv } from '../layers/gat-conv.ts';
import { GATv2Conv } from '../layers/gatv2-conv.ts';
import { GCNConv } from '../layers/gcn-conv.ts';
import { GINConv } from '../layers/gin-conv.ts';
import { GINEConv } from '../layers/gine-conv.ts';
import { HeteroConv } from '../layers/hetero-conv.ts';
import type { Conv, Dense, Layer } from '../layers/layer.ts';
import { Linear } from '../layers/linear.ts';
import { BatchNorm, LayerNorm } from '../layers/norms.ts';
import { RGCNConv } from '../layers/rgcn-conv.ts';
import { SAGEConv } from '../layers/sage-conv.ts';
import { Sequential } from '../layers/sequential.ts';
import type { Fields, Json } from '../spec/fields.ts';
import type { GraphSpec } from '../spec/graph-spec.ts';
import type { Params } from '../spec/params.ts';

/** What a layer's parser gets from the model builder (build.ts). */
export interface ParseArgs {
  readonly f: Fields;
  readonly p: Params;
  /** Where the layer is, e.g. `model.json: layers[2]`; nested layers' paths extend it. */
  readonly path: string;
  readonly graph: GraphSpec;
  /** The layer's state_dict prefix (field `key`); an error where it is absent. */
  key(): string;
  /** Nested layers: GINConv's `nn` ops, HeteroConv's convs. */
  dense(spec: Json, path: string): Dense | null;
  conv(spec: Json, path: string): Conv;
}

/**
 * A parser, and where its op may stand: a `conv` on one relation (top level of a homogeneous model,
 * or in a HeteroConv), a `dense` op on node features (top level, or in an `nn`; null when it
 * computes nothing, as dropout), a `hetero` layer only at the top level of a heterogeneous model.
 */
export type LayerParser =
  | { readonly kind: 'conv'; readonly parse: (a: ParseArgs) => Conv }
  | { readonly kind: 'dense'; readonly parse: (a: ParseArgs) => Dense | null }
  | { readonly kind: 'hetero'; readonly parse: (a: ParseArgs) => Layer };

const conv = (parse: (a: ParseArgs) => Conv): LayerParser => ({ kind: 'conv', parse });
const dense = (parse: (a: ParseArgs) => Dense | null): LayerParser => ({ kind: 'dense', parse });

/** GINConv's and GINEConv's `nn`: a non-empty list of dense ops, dropout left out. */
function nnOps(a: ParseArgs): Dense[] {
  const raw = a.f.raw('nn');
  const specs = Array.isArray(raw) && raw.length > 0 ? raw : a.f.fail('nn', 'a non-empty list of layers');
  return specs.map((s, i) => a.dense(s, `${a.path}.nn[${i}]`)).filter((d): d is Dense => d !== null);
}

/** The layer registry: model.json's op → its parser, one entry per layer. An op not listed here is refused by name. */
export const LAYERS: Readonly<Record<string, LayerParser>> = {
  GCNConv: conv((a) => GCNConv.parse(a.f, a.p, a.key())),
  SAGEConv: conv((a) => SAGEConv.parse(a.f, a.p, a.key())),
  GATConv: conv((a) => GATConv.parse(a.f, a.p, a.key())),
  GATv2Conv: conv((a) => GATv2Conv.parse(a.f, a.p, a.key())),
  GINConv: conv((a) => {
    const key = a.key();
    return GINConv.parse(a.f, a.p, key, new Sequential(nnOps(a)));
  }),
  GINEConv: conv((a) => {
    const key = a.key();
    const ops = nnOps(a);
    return GINEConv.parse(a.f, a.p, key, new Sequential(ops), ops[0] instanceof Linear ? ops[0].inChannels : null);
  }),
  RGCNConv: conv((a) => RGCNConv.parse(a.f, a.p, a.key())),
  HeteroConv: { kind: 'hetero', parse: (a) => HeteroConv.parse(a.f, a.path, a.graph, a.conv) },
  Linear: dense((a) => Linear.parse(a.f, a.p, a.key())),
  BatchNorm: dense((a) => BatchNorm.parse(a.f, a.p, a.key())),
  LayerNorm: dense((a) => LayerNorm.parse(a.f, a.p, a.key())),
  dropout: dense(({ f }) => {
    f.num('p', 0.5);
    return null;
  }),
  ...Object.fromEntries(ACTIVATION_OPS.map((op) => [op, dense(({ f }) => Activation.parse(op, f))])),
};
