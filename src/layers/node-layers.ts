import { NO_ACT, type Act } from '../runtime/act.ts';
import { Activation } from './activation.ts';
import { HOMO_NODE, HOMO_REL } from '../tensor/batch.ts';
import type { Conv, Ctx, Dense, Layer, NodeStates } from './layer.ts';
import { firstRows, trimEdges } from './trim.ts';

/** A conv on a homogeneous graph: the one node type, the one relation. */
export class HomoConv implements Layer {
  constructor(
    readonly conv: Conv,
    readonly act: Act = NO_ACT,
  ) {}

  toString(): string {
    return this.act.kind === 'none' ? this.conv.toString() : `${this.conv} → ${new Activation(this.act)}`;
  }

  run(ctx: Ctx, h: NodeStates): NodeStates {
    const x = h.get(HOMO_NODE)!;
    const n = ctx.keep?.get(HOMO_NODE) ?? x.rows;
    const edges = trimEdges(ctx.batch.edges.get(HOMO_REL)!, x.rows, n);
    return new Map([[HOMO_NODE, this.conv.forward(ctx, x, firstRows(ctx, x, n), edges, this.act)]]);
  }
}

/**
 * A dense op per node type. `nodeTypes` null: one op on every type, passing all through
 * (activations, norms); a list: those types only, and only they come out (a fraud head on
 * 'account'). A Map holds to_hetero's per-type copies (`lin.account`, `lin.device`).
 */
export class PerNode implements Layer {
  readonly nodeTypes: readonly string[] | null;

  constructor(
    readonly ops: Dense | ReadonlyMap<string, Dense>,
    nodeTypes: readonly string[] | null,
  ) {
    this.nodeTypes = ops instanceof Map ? [...ops.keys()] : nodeTypes;
  }

  toString(): string {
    if (this.ops instanceof Map) return [...this.ops].map(([t, op]) => `${op} on ${t}`).join(', ');
    return this.nodeTypes ? `${this.ops} on ${this.nodeTypes.join(', ')}` : this.ops.toString();
  }

  /** The activation this layer is, when it is one activation on every node type. */
  activation(): Act | null {
    return this.nodeTypes === null && this.ops instanceof Activation ? this.ops.act : null;
  }

  /** This layer with `act` folded into every op's epilogue, or null where an op has none. */
  fuse(act: Act): PerNode | null {
    if (!(this.ops instanceof Map)) {
      const f = (this.ops as Dense).fuse?.(act);
      return f ? new PerNode(f, this.nodeTypes) : null;
    }
    const fused = [...this.ops].map(([t, op]) => [t, op.fuse?.(act)] as const);
    return fused.every(([, f]) => f) ? new PerNode(new Map(fused as [string, Dense][]), null) : null;
  }

  run(ctx: Ctx, h: NodeStates): NodeStates {
    for (const t of this.nodeTypes ?? []) {
      if (!h.has(t))
        throw new Error(
          `${this}: node type '${t}' is not among the previous layer's outputs (${[...h.keys()].join(', ')})`,
        );
    }
    const out: NodeStates = new Map();
    for (const [t, x] of h) {
      const op =
        this.ops instanceof Map
          ? this.ops.get(t)
          : this.nodeTypes === null || this.nodeTypes.includes(t)
            ? this.ops
            : undefined;
      if (op) out.set(t, (op as Dense).run(ctx, x));
    }
    return out;
  }
}
