// Node entry for the WebGPU backend (dawn.node); browser bundles import gpu-backend.ts instead.
import type { DeviceOptions } from '../gpu/device.ts';
import { nodeGpu } from '../gpu/webgpu.node.ts';
import { createWebGpuBackend, type WebGpuBackend } from './gpu-backend.ts';

/** WebGPU in Node: the configured Vulkan adapter, else SwiftShader from chromium. No adapter is an error. dawn.node delivers maps by polling (see MapWait). */
export function createNodeWebGpuBackend(opts: DeviceOptions = {}): Promise<WebGpuBackend> {
  return createWebGpuBackend(nodeGpu(), opts, true);
}
