import { NO_ACT, type Act } from '../kernels/act.ts';
import { Activation } from './activation.ts';
import { HOMO_NODE, HOMO_REL } from '../tensor/batch.ts';
import type { Conv, Ctx, Dense, Layer, NodeStates } from './layer.ts';

/** A conv on a homogeneous graph: the one node type, the one relation. */
export class HomoConv implements Layer {
  constructor(readonly conv: Conv, readonly act: Act = NO_ACT) {}

  toString(): string {
    return this.act.kind === 'none' ? this.conv.toString() : `${this.conv} → ${new Activation(this.act)}`;
  }

  run(ctx: Ctx, h: NodeStates): NodeStates {
    const x = h.get(HOMO_NODE)!;
    const edges = ctx.batch.edges.get(HOMO_REL)!;
    return new Map([[HOMO_NODE, this.conv.forward(ctx, x, x, edges, this.act)]]);
  }
}

/**
 * A dense op per node type. `nodeTypes` null: every type, passing all through (activations,
 * norms); a list: those types only, and only they come out (a fraud head on 'account').
 */
export class PerNode implements Layer {
  constructor(readonly op: Dense, readonly nodeTypes: readonly string[] | null) {}

  toString(): string {
    return this.nodeTypes ? `${this.op} on ${this.nodeTypes.join(', ')}` : this.op.toString();
  }

  run(ctx: Ctx, h: NodeStates): NodeStates {
    const out: NodeStates = new Map();
    for (const [t, x] of h) {
      if (this.nodeTypes === null) out.set(t, this.op.run(ctx, x));
      else if (this.nodeTypes.includes(t)) out.set(t, this.op.run(ctx, x));
    }
    for (const t of this.nodeTypes ?? []) {
      if (!h.has(t)) throw new Error(`${this}: node type '${t}' is not among the previous layer's outputs (${[...h.keys()].join(', ')})`);
    }
    return out;
  }
}
