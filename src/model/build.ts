import type { Conv, Dense, Layer } from '../layers/layer.ts';
import { HomoConv, PerNode } from '../layers/node-layers.ts';
import { asObject, Fields, type Json } from '../spec/fields.ts';
import type { GraphSpec } from '../spec/graph-spec.ts';
import type { Params } from '../spec/params.ts';
import { LAYERS, type LayerParser, type ParseArgs } from './registry.ts';

/** model.json's `layers`, in order; dropout builds nothing and is left out. */
export function buildLayers(specs: readonly Json[], where: string, p: Params, graph: GraphSpec): Layer[] {
  const b = new Builder(p, graph);
  return specs.map((s, i) => b.layer(s, `${where}: layers[${i}]`)).filter((l): l is Layer => l !== null);
}

function opOf(o: { [k: string]: Json }, where: string): string {
  if (typeof o.op !== 'string')
    throw new Error(`${where}: field 'op' is ${JSON.stringify(o.op)}, expected a layer name`);
  return o.op;
}

/** The registry's parser for `op`; an op it lacks is an error naming the op and every known one. */
function parserOf(op: string, where: string): LayerParser {
  if (!Object.hasOwn(LAYERS, op))
    throw new Error(`${where}: op '${op}' is not supported (known ops: ${Object.keys(LAYERS).join(', ')})`);
  return LAYERS[op];
}

function opsOf(kind: LayerParser['kind']): string {
  return Object.keys(LAYERS)
    .filter((op) => LAYERS[op].kind === kind)
    .join(', ');
}

function keyOf(f: Fields): string {
  const k = f.raw('key');
  if (typeof k !== 'string' || k.length === 0) f.fail('key', "the layer's state_dict prefix");
  return k;
}

function label(o: { [k: string]: Json }, path: string): string {
  return `${path} (${o.op}${typeof o.key === 'string' ? ` '${o.key}'` : ''})`;
}

/** Builds layers from their specs through the registry, binding weights from one checkpoint. */
class Builder {
  constructor(
    private readonly p: Params,
    private readonly graph: GraphSpec,
  ) {}

  /** One entry of `layers`: a conv on the homogeneous relation, a HeteroConv, or a dense op on node types. */
  layer(spec: Json, path: string): Layer | null {
    const o = asObject(spec, path);
    const op = opOf(o, path);
    const parser = parserOf(op, path);
    if (parser.kind === 'hetero') return this.parse(o, path, parser.parse);
    if (parser.kind === 'conv') {
      if (this.graph.hetero)
        throw new Error(
          `${path}: ${op} on a heterogeneous graph must sit inside a HeteroConv (one conv per edge type)`,
        );
      return new HomoConv(this.conv(o, path));
    }
    if (o.keys !== undefined && o.keys !== null) return this.perTypeCopies(o, path);
    const d = this.dense(o, path);
    if (d === null) return null;
    const nt = o.node_types;
    if (nt === undefined || nt === null) return new PerNode(d, null);
    const { nodeTypes } = this.graph;
    if (!Array.isArray(nt) || !nt.every((t) => typeof t === 'string' && nodeTypes.includes(t))) {
      throw new Error(
        `${label(o, path)}: field 'node_types' is ${JSON.stringify(nt)}, expected a list of the graph's node types (${nodeTypes.join(', ')})`,
      );
    }
    return new PerNode(d, nt as string[]);
  }

  /** A dense op (Linear, norm, activation; dropout → null), at the top level or in an `nn`. */
  dense(spec: Json, path: string): Dense | null {
    const o = asObject(spec, path);
    const op = opOf(o, path);
    const parser = parserOf(op, path);
    if (parser.kind !== 'dense')
      throw new Error(`${path}: op '${op}' is not supported here (expected one of ${opsOf('dense')})`);
    // The placement fields are the caller's (layer(), perTypeCopies()).
    return this.parse(o, path, parser.parse, ['node_types', 'keys']);
  }

  /** A message-passing layer on one relation. */
  conv(spec: Json, path: string): Conv {
    const o = asObject(spec, path);
    const op = opOf(o, path);
    const parser = parserOf(op, path);
    if (parser.kind !== 'conv')
      throw new Error(`${path}: op '${op}' is not a supported conv (expected one of ${opsOf('conv')})`);
    return this.parse(o, path, parser.parse);
  }

  /** Run a parser on the spec `o`, then refuse any field it left unread (`placement` aside). */
  private parse<L>(
    o: { [k: string]: Json },
    path: string,
    parse: (a: ParseArgs) => L,
    placement: readonly string[] = [],
  ): L {
    const f = new Fields(o, label(o, path));
    const l = parse({
      f,
      p: this.p,
      path,
      graph: this.graph,
      key: () => keyOf(f),
      dense: (s, at) => this.dense(s, at),
      conv: (s, at) => this.conv(s, at),
    });
    for (const k of placement) f.raw(k);
    f.done();
    return l;
  }

  /** to_hetero's copies of a dense layer, one per node type: `keys` maps each type to its state_dict prefix. */
  private perTypeCopies(o: { [k: string]: Json }, path: string): Layer | null {
    const keys = asObject(o.keys, `${label(o, path)}: field 'keys'`);
    const { nodeTypes } = this.graph;
    const ops = new Map<string, Dense>();
    for (const [t, key] of Object.entries(keys)) {
      if (!nodeTypes.includes(t))
        throw new Error(`${label(o, path)}: field 'keys' names node type '${t}', not one of ${nodeTypes.join(', ')}`);
      if (typeof key !== 'string')
        throw new Error(`${label(o, path)}: keys.${t} is ${JSON.stringify(key)}, expected a state_dict prefix`);
      const { keys: _k, node_types: _n, ...rest } = o;
      const d = this.dense({ ...rest, key }, `${path}[${t}]`);
      if (d === null) return null;
      ops.set(t, d);
    }
    return new PerNode(ops, null);
  }
}
