// The maintenance worker (maintainer.node.ts): runs each job it receives, in order, posts the
// result (its arrays moved, not copied), then counts it in `signal` for a thread waiting on it.
import { workerData, type MessagePort } from 'node:worker_threads';
import { indexSlots, fillEvents, fillHash, fillIds } from '../base/maintain-kernels.ts';
import type { Job } from './maintainer.node.ts';

const { port, signal } = workerData as { port: MessagePort; signal: Int32Array };
port.on('message', (job: Job) => {
  if (job.kind === 'index') {
    const r = indexSlots(job.chunks, job.n, job.near, job.numNodes, job.weights);
    const moved = [r.ptr.buffer as ArrayBuffer, r.eid.buffer as ArrayBuffer];
    if (r.top) moved.push(r.top.buffer as ArrayBuffer);
    port.postMessage({ id: job.id, value: r }, moved);
  } else if (job.kind === 'hash') {
    const r = fillHash(job.chunks, job.n, job.size);
    port.postMessage({ id: job.id, value: r }, [r.table.buffer as ArrayBuffer]);
  } else if (job.kind === 'ids') {
    const t = fillIds(job.arena, job.starts, job.n, job.slots);
    port.postMessage({ id: job.id, value: t }, [t.buffer as ArrayBuffer]);
  } else {
    const t = fillEvents(job.old);
    port.postMessage({ id: job.id, value: t }, [t.buffer as ArrayBuffer]);
  }
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
});
