import type { Session, Shape2 } from '../runtime/ops.ts';
import type { Batch, EdgeSet } from '../tensor/batch.ts';
import type { Csr } from '../tensor/csr.ts';
import type { Mat } from '../tensor/mat.ts';
import type { Act } from '../runtime/act.ts';
import { memo } from '../util/memo.ts';

export type T = Shape2;
/** Activations per node type (homogeneous graphs have one type). */
export type NodeStates = Map<string, T>;

export interface Ctx {
  readonly s: Session;
  readonly batch: Batch;
  /** Per node type, the rows a message-passing layer computes (its later layers read no more); all when absent. */
  readonly keep?: ReadonlyMap<string, number>;
  /** Values made once per inference (perRun), dropped with it: a session's memory is reused once it ends. */
  readonly once: Map<string, Map<unknown, unknown>>;
  /** Set when attention coefficients are wanted (Model.run's `attention`): attention layers hand theirs here. */
  readonly attention?: (a: AttentionOut) => void;
}

/** One attention layer's coefficients on one relation: alpha [numDst, heads·numSrc], α of edge j→i, head h at (i, h·numSrc + j). */
export interface AttentionOut {
  readonly relation: string;
  /** The edges attended over (self loops included where the layer adds them). */
  readonly csr: Csr;
  readonly heads: number;
  readonly alpha: T;
}

/** A step of the plan: node states in, node states out. */
export interface Layer {
  toString(): string;
  run(ctx: Ctx, h: NodeStates): NodeStates;
}

/** A per-tensor op (Linear, activation, norm): what GINConv's `nn` and top-level dense layers are made of. */
export interface Dense {
  readonly outChannels: number | null;
  toString(): string;
  run(ctx: Ctx, x: T): T;
  /** Fold a following activation into this op's epilogue, when it has one. */
  fuse?(act: Act): Dense | null;
}

/** A message-passing layer on one relation: PyG's conv((x_src, x_dst), edge_index, …). */
export interface Conv {
  readonly outChannels: number;
  toString(): string;
  /** `act` is the activation that follows the conv in the model, folded into its last kernel where it has an epilogue. */
  forward(ctx: Ctx, xSrc: T, xDst: T, edges: EdgeSet, act: Act): T;
  /**
   * A root term that is a plain linear of x_dst, as its weight [out, in_dst]: HeteroConv with a sum
   * over relations folds the roots of a destination's relations into one GEMM by their summed
   * weight. Absent or undefined where this conv's root cannot be split off.
   */
  foldableRoot?(xSrc: T, xDst: T, edges: EdgeSet): Mat | undefined;
  /** forward without the root term, plus `add` (the folded roots and the group's sum so far) before `act`. */
  forwardFolded?(ctx: Ctx, xSrc: T, edges: EdgeSet, act: Act, add: T): T;
}

/** out = act(x · wᵀ + b + add) with resident weights: torch Linear with a fused epilogue. */
export function linear(ctx: Ctx, x: T, w: Mat, b: Mat | undefined, act: Act, add?: T): T {
  return ctx.s.gemm({ x, w: ctx.s.param(w), bias: b && ctx.s.param(b), add, act });
}

/**
 * A value made once per inference and shared by every layer that asks for it with the same `name`
 * and `key` (objects by identity): GCN's normalisation is the same for each layer on one graph.
 */
export function perRun<V>(ctx: Ctx, name: string, key: unknown, make: () => V): V {
  const m = memo(ctx.once, name, () => new Map<unknown, unknown>());
  if (!m.has(key)) m.set(key, make());
  return m.get(key) as V;
}

/** `where` names the layer in the error; it is built only when the width is wrong (this runs per layer and run). */
export function checkWidth(where: () => string, x: T, expected: number): void {
  if (x.cols !== expected) throw new Error(`${where()}: input has ${x.cols} features, expected ${expected}`);
}
