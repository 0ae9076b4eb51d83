// What a results set was measured on, saved with every suite's results and printed at the start of
// a run: a figure means little without the CPU, the memory, Node, the date and the WebGPU adapter
// (with the limits that bound the kernels' grids, buffers and workgroups).
import { cpus, totalmem } from 'node:os';
import { nodeGpu } from '../src/gpu/webgpu.node.ts';

export interface AdapterInfo {
  readonly vendor: string;
  readonly architecture: string;
  readonly device: string;
  readonly description: string;
  /** Runs WebGPU on the CPU cores (SwiftShader, llvmpipe, lavapipe): its figures say nothing of a GPU. */
  readonly software: boolean;
  readonly limits: Readonly<Record<string, number>>;
  readonly features: readonly string[];
}

export interface MachineInfo {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly node: string;
  readonly platform: string;
  /** ISO time the run started. */
  readonly date: string;
  /** null: no WebGPU adapter; the WebGPU columns are then missing, not zero. */
  readonly adapter: AdapterInfo | null;
}

/** The adapter limits that decide what the kernels can launch and bind. */
const LIMITS = [
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupsPerDimension',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupStorageSize',
  'maxStorageBuffersPerShaderStage',
] as const;

export async function machineInfo(): Promise<MachineInfo> {
  const c = cpus();
  return {
    cpu: c[0]?.model.trim() ?? 'unknown CPU',
    cores: c.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.versions.node,
    platform: `${process.platform} ${process.arch}`,
    date: new Date().toISOString(),
    adapter: await adapterInfo(),
  };
}

async function adapterInfo(): Promise<AdapterInfo | null> {
  const adapter = await nodeGpu().requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) return null;
  const i = adapter.info;
  const named = `${i.vendor} ${i.architecture} ${i.device} ${i.description}`.toLowerCase();
  return {
    vendor: i.vendor,
    architecture: i.architecture,
    device: i.device,
    description: i.description,
    software: /swiftshader|llvmpipe|lavapipe/.test(named),
    limits: Object.fromEntries(LIMITS.map((k) => [k, adapter.limits[k]])),
    features: [...adapter.features].sort(),
  };
}

/** One line for a table's caption or a log: `2 × AMD EPYC, 23 GiB, Node 20.20.2, …`. */
export function describeMachine(m: MachineInfo): string {
  return `${m.cores} × ${m.cpu}, ${m.memoryGiB} GiB, Node ${m.node} (${m.platform}), ${m.date.slice(0, 16).replace('T', ' ')} UTC`;
}

/** The adapter in one line, with its limits in MiB or counts. */
export function describeAdapter(a: AdapterInfo | null): string {
  if (!a) return 'no WebGPU adapter';
  const name = [a.vendor, a.architecture, a.device, a.description].filter((s) => s).join(' / ');
  const l = a.limits;
  const mib = (v: number) => `${Math.round(v / 2 ** 20)} MiB`;
  return `${name}${a.software ? ' (runs on the CPU cores)' : ''}; storage binding ${mib(l.maxStorageBufferBindingSize)}, buffer ${mib(l.maxBufferSize)}, ${l.maxComputeWorkgroupsPerDimension} workgroups a dimension, ${l.maxComputeInvocationsPerWorkgroup} invocations and ${l.maxComputeWorkgroupStorageSize / 1024} KiB shared a workgroup`;
}

/** The results set a machine's runs go in by default: the adapter's name (`swiftshader`, `nvidia-hopper`), `cpu-only` without one. */
export function defaultSetLabel(m: MachineInfo): string {
  const a = m.adapter;
  if (!a) return 'cpu-only';
  const named = a.software
    ? (/swiftshader|llvmpipe|lavapipe/.exec(`${a.architecture} ${a.description}`.toLowerCase())?.[0] ?? 'software')
    : `${a.vendor}-${a.architecture || a.device}`;
  return named
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
