/** The graph store's Node door: index.ts, plus the durable store and the worker-thread runner. */
export * from './index.ts';
export { DurableStore } from './durable/durable-store.node.ts';
export type { DurableOptions, Ingested, Recovery } from './durable/durable-options.ts';
export type { FsyncPolicy } from './durable/wal.node.ts';
export { checkStore } from './durable/store-check.node.ts';
export { repairStore } from './durable/store-repair.node.ts';
export { tsWorker } from './worker/ts-worker.node.ts';
