import { SHADER_LIB, SHADERS } from '../generated/shaders.ts';

/** One compute entry point: the kernel's shader with the helpers it includes prepended, the entry, its override constants. */
export interface PipelineKey {
  readonly stem: string;
  /** Helpers from shaders/lib/, in order, before the kernel's own text. */
  readonly lib: readonly string[];
  readonly entry: string;
  readonly constants: Readonly<Record<string, number>>;
}

/**
 * Modules and pipelines, each made once per device. Tunables are WGSL overrides, so the key is the
 * source list, the entry and every constant's value. Everything is labelled with the kernel stem:
 * Dawn's validation messages quote labels, and errors must name the kernel.
 */
export class PipelineCache {
  /** Pipelines made by createComputePipeline; flat after warm-up (the pool test counts it). */
  created = 0;
  private readonly modules = new Map<string, GPUShaderModule>();
  private readonly pipelines = new Map<string, { pipeline: GPUComputePipeline; layout: GPUBindGroupLayout }>();

  constructor(private readonly device: GPUDevice) {}

  get(k: PipelineKey): { pipeline: GPUComputePipeline; layout: GPUBindGroupLayout } {
    const src = k.lib.length === 0 ? k.stem : `${k.lib.join('+')}+${k.stem}`;
    let key = `${src}#${k.entry}`;
    for (const c in k.constants) key += `#${c}=${k.constants[c]}`;
    const hit = this.pipelines.get(key);
    if (hit) return hit;
    let module = this.modules.get(src);
    if (!module) {
      const code = [
        ...k.lib.map((l) => bundled(k.stem, `shaders/lib/${l}.wgsl`, SHADER_LIB[l])),
        bundled(k.stem, `shaders/${k.stem}.wgsl`, SHADERS[k.stem]),
      ].join('\n');
      module = this.device.createShaderModule({ label: k.stem, code });
      this.modules.set(src, module);
    }
    const pipeline = this.device.createComputePipeline({
      label: k.stem,
      layout: 'auto',
      compute: { module, entryPoint: k.entry, constants: { ...k.constants } },
    });
    this.created++;
    // getBindGroupLayout makes a new object per call: ask once per pipeline.
    const entry = { pipeline, layout: pipeline.getBindGroupLayout(0) };
    this.pipelines.set(key, entry);
    return entry;
  }
}

function bundled(stem: string, file: string, text: string | undefined): string {
  if (text === undefined) throw new Error(`${stem}: ${file} is not bundled (run npm run shaders)`);
  return text;
}
