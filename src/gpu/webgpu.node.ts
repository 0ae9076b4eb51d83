// Node-only: where a GPU comes from when there is no navigator.gpu. Browser bundles never import this file.
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { create, globals } from 'webgpu';

/** Debian's chromium ships SwiftShader's Vulkan ICD and a Vulkan loader beside it: WebGPU on the CPU. */
const SWIFTSHADER_DIR = '/usr/lib/chromium';
const RTLD_NODELETE = 0x1000; // glibc's value; node's os.constants.dlopen does not list it

// dawn.node lives only while the object create() returned is referenced: dropping it crashes later.
let gpu: GPU | undefined;

/**
 * The process's GPU object. Without VK_ICD_FILENAMES it points Vulkan at SwiftShader when chromium
 * is installed. Dawn dlopens "libvulkan.so.1" by soname, and chromium's copy is outside the linker's
 * path (LD_LIBRARY_PATH is read only at process start), so the loader is loaded here first, global and
 * never unloaded; Dawn's dlopen then finds it already resident. process.dlopen throws "did not
 * self-register" for a library that is not a node addon: expected, the library stays loaded.
 */
export function nodeGpu(): GPU {
  if (gpu) return gpu;
  if (!process.env.VK_ICD_FILENAMES && existsSync(`${SWIFTSHADER_DIR}/vk_swiftshader_icd.json`)) {
    process.env.VK_ICD_FILENAMES = `${SWIFTSHADER_DIR}/vk_swiftshader_icd.json`;
    try {
      process.dlopen(
        { exports: {} },
        `${SWIFTSHADER_DIR}/libvulkan.so.1`,
        constants.dlopen.RTLD_NOW | constants.dlopen.RTLD_GLOBAL | RTLD_NODELETE,
      );
    } catch (e) {
      if (!/self-register/.test(String(e)))
        throw new Error(`webgpu: cannot load ${SWIFTSHADER_DIR}/libvulkan.so.1: ${String(e)}`);
    }
  }
  Object.assign(globalThis, globals);
  gpu = create([]);
  return gpu;
}
