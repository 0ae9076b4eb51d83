// Model directories for the swap and route tests: the demo model with its head's bias shifted (a
// new version that scores differently), poisoned with NaN, or with a golden batch it fails.
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSafetensorsFile, writeSafetensorsFile } from '../../src/tensor/io.node.ts';
import type { Tensor } from '../../src/tensor/safetensors.ts';

export const DEMO = join(process.cwd(), 'models', 'demo');

/** The demo's model.json with weights where `edit` changed the head's bias; `golden`: also the demo's graph and PyG outputs. */
export async function demoVariant(edit: (bias: Float32Array) => void, golden = false): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'weft-model-'));
  copyFileSync(join(DEMO, 'model.json'), join(dir, 'model.json'));
  const w = await readSafetensorsFile(join(DEMO, 'weights.safetensors'));
  const tensors = new Map<string, Tensor>(w.tensors);
  const bias = w.tensors.get('head.bias')!;
  const data = new Float32Array(bias.data as Float32Array);
  edit(data);
  tensors.set('head.bias', { ...bias, data });
  await writeSafetensorsFile(join(dir, 'weights.safetensors'), tensors);
  if (golden) for (const f of ['graph.safetensors', 'expected.safetensors']) copyFileSync(join(DEMO, f), join(dir, f));
  return dir;
}

/** A directory whose model.json is not JSON. */
export function brokenDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'weft-model-'));
  writeFileSync(join(dir, 'model.json'), '{"format": "weft-model/1", ');
  copyFileSync(join(DEMO, 'weights.safetensors'), join(dir, 'weights.safetensors'));
  return dir;
}
