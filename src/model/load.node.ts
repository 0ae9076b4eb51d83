import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { graphFromSafetensors } from '../tensor/graph-file.ts';
import { readSafetensorsFile } from '../tensor/io.node.ts';
import type { Batch } from '../tensor/batch.ts';
import { Model } from './model.ts';
import type { Json } from '../spec/fields.ts';

/** Node: load a model directory (model.json + weights.safetensors). */
export async function loadModel(dir: string): Promise<Model> {
  const specPath = join(dir, 'model.json');
  let text: string;
  try {
    text = await readFile(specPath, 'utf8');
  } catch (e) {
    throw new Error(
      `${specPath}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); a model directory holds model.json and weights.safetensors`,
    );
  }
  let spec: Json;
  try {
    spec = JSON.parse(text);
  } catch (e) {
    throw new Error(`${specPath}: not valid JSON (${(e as Error).message})`);
  }
  return Model.fromSpec(spec, await readSafetensorsFile(join(dir, 'weights.safetensors')), specPath);
}

/** Node: load a graph.safetensors in the fixtures' layout. */
export async function loadGraph(file: string): Promise<Batch> {
  return graphFromSafetensors(await readSafetensorsFile(file));
}
