/** Weft's browser entry: the same engine, without Node's file loaders (fetch the files and parse them). */
export { Model, FORMAT } from './model/model.ts';
export { CpuBackend } from './backend/cpu-backend.ts';
export { createWebGpuBackend, WebGpuBackend } from './backend/gpu-backend.ts';
export type { Backend, Session } from './runtime/ops.ts';
export type { Batch, EdgeSet } from './tensor/batch.ts';
export { mat, type Mat } from './tensor/mat.ts';
export { graphFromSafetensors } from './tensor/graph-file.ts';
export { parseSafetensors, serializeSafetensors } from './tensor/safetensors.ts';
export { asMat } from './tensor/access.ts';
export { compareMats, describeMismatch } from './tensor/compare.ts';
export { GraphStore, makeSchema, schemaFromModelJson } from './graph/index.ts';
export { Sampler } from './sample/sampler.ts';
export { fullGraph } from './sample/full-graph.ts';
export { Scorer } from './schedule/scorer.ts';
export { ScoreError } from './schedule/errors.ts';
export { explain, type Explanation, type Influence } from './explain/explain.ts';
export { readNeighbourhood, writeNeighbourhood, type Neighbourhood } from './explain/neighbourhood-file.ts';
