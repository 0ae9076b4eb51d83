// Node entry for the WebGPU backend (dawn.node); browser bundles import gpu-backend.ts instead.
import type { DeviceOptions } from '../gpu/device.ts';
import { nodeGpu } from '../gpu/node-gpu.ts';
import { createWebGpuBackend, type WebGpuBackend } from './gpu-backend.ts';

/** WebGPU in Node: the configured Vulkan adapter, else SwiftShader from chromium. No adapter is an error. */
export function createNodeWebGpuBackend(opts: DeviceOptions = {}): Promise<WebGpuBackend> {
  return createWebGpuBackend(nodeGpu(), opts);
}
