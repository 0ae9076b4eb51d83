import { readFile, rename, writeFile } from 'node:fs/promises';
import { parseSafetensors, serializeSafetensors, type SafetensorsFile, type Tensor } from './safetensors.ts';

/** Node only: read a safetensors file; errors name the path. */
export async function readSafetensorsFile(path: string): Promise<SafetensorsFile> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new Error(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parseSafetensors(bytes, path);
}

/** Node only: write through a temporary file and rename, so a failure never leaves half a file. */
export async function writeSafetensorsFile(
  path: string,
  tensors: ReadonlyMap<string, Tensor>,
  metadata?: Record<string, string>,
): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, serializeSafetensors(tensors, metadata));
  await rename(tmp, path);
}
