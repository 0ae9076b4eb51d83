import type { Csr } from '../tensor/csr.ts';
import type { Mat } from '../tensor/mat.ts';
import type { Act } from './act.ts';

/**
 * The kernel contract. Every op exists twice with these signatures: a WGSL dispatcher
 * (`x.ts`) and its typed-array twin (`x.cpu.ts`). T is a backend's 2-D F32 tensor, G its
 * uploaded CSR. Edge-valued inputs marked "by eid" are in original edge order (rows
 * numEdges.. hold per-node values for synthetic loops) and are read through csr.eid.
 */
export interface Shape2 {
  readonly rows: number;
  readonly cols: number;
}

export interface GraphShape {
  readonly numSrc: number;
  readonly numDst: number;
  readonly numEdges: number;
  readonly nnz: number;
}

export type Aggr = 'sum' | 'mean' | 'max';

export interface GemmArgs<T> {
  /** [M, K] */ x: T;
  /** [N, K], torch Linear layout: out = x @ wᵀ */ w: T;
  /** [N, 1] */ bias?: T;
  /** [M, N], added before the activation */ add?: T;
  act: Act;
}

export interface SpmmArgs<T, G> {
  g: G;
  /** [numSrc, F] */ x: T;
  aggr: Aggr;
  /** [nnz, 1] per-slot weights in CSR order (sum only). */ ew?: T;
  /** [F, 1] added to every row after the reduction (a conv's trailing bias). */ bias?: T;
  /** Applied last, after the bias; none when absent. */ act?: Act;
}

export interface GcnNormArgs<T, G> {
  /** CSR with self loops already added. */ g: G;
  /** [numEdges, 1] by eid; 1 where absent. */ ew?: T;
  /** Weight of a synthetic loop (eid >= numEdges): 1, or 2 when improved. */ fill: number;
}

export interface GatAttendArgs<T, G> {
  g: G;
  /** [numSrc, H*C] */ x: T;
  /** [numSrc, H] */ aSrc: T;
  /** [numDst, H] */ aDst: T;
  /** [numEdges (+numDst), H] by eid */ aEdge?: T;
  heads: number;
  slope: number;
}

export interface Gatv2AttendArgs<T, G> {
  g: G;
  /** [numSrc, H*C], the messages */ xl: T;
  /** [numDst, H*C] */ xr: T;
  /** [1, H*C] */ att: T;
  /** [numEdges (+numDst), H*C] by eid */ eproj?: T;
  /** [numSrc, H*C'] aggregated in xl's place when given (xl still makes the logits): one-hot messages give α itself. */
  messages?: T;
  heads: number;
  slope: number;
}

export interface GineArgs<T, G> {
  g: G;
  /** [numSrc, F] */ x: T;
  /** [numEdges, F] by eid */ e: T;
}

type BinaryOp = 'axpby' | 'max' | 'min';

export interface BinaryArgs<T> {
  x: T;
  y: T;
  /** axpby: a*x + b*y; max/min: elementwise of x and y (a, b unused). */ op: BinaryOp;
  a: number;
  b: number;
}

export interface BatchNormArgs<T> {
  x: T;
  /** [F, 1] each */ mean: T;
  variance: T;
  weight?: T;
  bias?: T;
  eps: number;
}

export interface LayerNormArgs<T> {
  x: T;
  weight?: T;
  bias?: T;
  eps: number;
}

/** One backend's kernels; `Session` adds upload and readback. */
export interface Kernels<T extends Shape2, G extends GraphShape> {
  gemm(a: GemmArgs<T>): T;
  spmm(a: SpmmArgs<T, G>): T;
  gcnNorm(a: GcnNormArgs<T, G>): T;
  gatAttend(a: GatAttendArgs<T, G>): T;
  gatv2Attend(a: Gatv2AttendArgs<T, G>): T;
  gineAggregate(a: GineArgs<T, G>): T;
  activation(a: { x: T; act: Act }): T;
  biasAct(a: { x: T; bias?: T; act: Act }): T;
  binary(a: BinaryArgs<T>): T;
  batchNorm(a: BatchNormArgs<T>): T;
  layerNorm(a: LayerNormArgs<T>): T;
  l2Normalize(a: { x: T; eps: number }): T;
  headMean(a: { x: T; heads: number }): T;
  concatRows(a: { a: T; b: T }): T;
  gatherRows(a: { x: T; idx: Int32Array }): T;
  /** The same row-major values seen as [rows, cols] (rows·cols unchanged): no copy. */
  reshape(a: { x: T; rows: number; cols: number }): T;
}

/** One inference on one backend: uploads, kernels, one readback per output. */
export interface Session<T extends Shape2 = Shape2, G extends GraphShape = GraphShape> extends Kernels<T, G> {
  readonly backend: string;
  /** Per-batch data (features, edge values): uploaded on every run. */
  input(m: Mat): T;
  /** Model weights: resident, uploaded once per Mat object. */
  param(m: Mat): T;
  /** CSR structure of this batch, uploaded once per Csr object in this session. */
  graph(c: Csr): G;
  read(t: T): Promise<Mat>;
  /** Return this session's temporaries to the pool. */
  end(): void;
}

export interface Backend {
  readonly name: string;
  /** Adapter or machine description for summaries. */
  readonly description: string;
  /** A WebGPU backend on a CPU adapter (SwiftShader): it shares the cores the CPU backend uses. */
  readonly software?: boolean;
  /** A session for one run; `owner` (the model running) owns the weights it makes resident, see release. */
  session(owner?: object): Session;
  /**
   * Frees the device memory of the weights `owner`'s sessions made resident (a retired model's
   * GPU weights); bytes freed. A later session of that owner uploads them again. Absent: nothing to free.
   */
  release?(owner: object): number;
}
