import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * A worker thread running a TypeScript module: tsx, which runs the caller's TypeScript, is
 * registered in the worker first (a worker does not inherit a loader registered through tsx's
 * API, as bin/weft.mjs does).
 */
export function tsWorker(entry: URL, options: WorkerOptions = {}): Worker {
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  return new Worker(`import(${tsx}).then((t) => { t.register(); return import(${JSON.stringify(entry.href)}); })`, {
    execArgv: [],
    ...options,
    eval: true,
  });
}
