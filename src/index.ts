/** Weft's public API (Node entry: file loaders included). */
export { loadGraph, loadModel } from './model/load.node.ts';
export { Model, FORMAT, type RunStages } from './model/model.ts';
export { CpuBackend } from './backend/cpu-backend.ts';
export type { Backend, Session } from './runtime/ops.ts';
export type { Batch, EdgeSet } from './tensor/batch.ts';
export type { Mat } from './tensor/mat.ts';
export { mat } from './tensor/mat.ts';
export { graphFromSafetensors } from './tensor/graph-file.ts';
export { parseSafetensors, serializeSafetensors } from './tensor/safetensors.ts';
export { DurableStore, EventEncoder, GraphStore, makeSchema, schemaFromModelJson } from './graph/index.node.ts';
export type {
  Applied,
  DurableOptions,
  FsyncPolicy,
  GraphEvent,
  GraphOp,
  Ingested,
  Recovery,
  RelationSpec,
  Schema,
  SchemaInit,
} from './graph/index.node.ts';
export { Sampler, type Sample } from './sample/sampler.ts';
export type { SampleOptions } from './sample/options.ts';
export { fullGraph } from './sample/full-graph.ts';
export { openBackend, type BackendName } from './backend/open-backend.node.ts';
export { Scorer } from './schedule/scorer.ts';
export type { ScorerConfig, Scores, TargetScore } from './schedule/scores.ts';
export { ScoreError, type ScoreErrorCode } from './schedule/errors.ts';
export type { BackendChoice, ScoreOptions, Targets } from './schedule/request.ts';
