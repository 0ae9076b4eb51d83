import { CpuBackend } from './cpu-backend.ts';
import type { Backend } from '../runtime/ops.ts';

export const BACKENDS = ['cpu', 'webgpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

export function backendName(v: string, flag = '--backend'): BackendName {
  if (!(BACKENDS as readonly string[]).includes(v))
    throw new Error(`${flag} is '${v}', expected one of ${BACKENDS.join(', ')}`);
  return v as BackendName;
}

/** Open a backend by name; WebGPU acquires its adapter here (SwiftShader where no GPU is configured). */
export async function openBackend(name: BackendName): Promise<Backend> {
  if (name === 'cpu') return new CpuBackend();
  // Imported on demand: the CPU path never loads Dawn.
  const { createNodeWebGpuBackend } = await import('./gpu-backend.node.ts');
  return createNodeWebGpuBackend();
}
