/** Weft's public API (Node entry: file loaders included). */
export { loadGraph, loadModel } from './model/load-node.ts';
export { Model, FORMAT } from './model/model.ts';
export { CpuBackend } from './kernels/cpu-backend.ts';
export type { Backend, Session } from './kernels/ops.ts';
export type { Batch, EdgeSet } from './tensor/batch.ts';
export type { Mat } from './tensor/mat.ts';
export { mat } from './tensor/mat.ts';
export { graphFromSafetensors } from './tensor/graph-file.ts';
export { parseSafetensors, serializeSafetensors } from './tensor/safetensors.ts';
