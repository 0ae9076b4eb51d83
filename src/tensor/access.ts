import { mat, type Mat } from './mat.ts';
import type { SafetensorsFile, Tensor } from './safetensors.ts';

/** Typed, checked access to the tensors of one safetensors file; every error names file and tensor. */
export function getTensor(file: SafetensorsFile, key: string): Tensor {
  const t = file.tensors.get(key);
  if (!t) {
    const have = [...file.tensors.keys()].sort().join(', ') || 'none';
    throw new Error(`${file.name}: missing tensor '${key}' (have: ${have})`);
  }
  return t;
}

export function describeShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

/** An F32 tensor of rank 2 (or rank 1 as [n, 1]) as a Mat. */
export function asMat(file: SafetensorsFile, key: string, t: Tensor = getTensor(file, key)): Mat {
  if (t.dtype !== 'F32') throw new Error(`${file.name}: tensor '${key}': dtype ${t.dtype}, expected F32`);
  if (t.shape.length === 2) return mat(t.shape[0], t.shape[1], t.data as Float32Array);
  if (t.shape.length === 1) return mat(t.shape[0], 1, t.data as Float32Array);
  throw new Error(`${file.name}: tensor '${key}': shape ${describeShape(t.shape)}, expected rank 1 or 2`);
}

/** Integer tensor narrowed to Int32 with a range check (I64 indices from PyG). */
export function asInt32(file: SafetensorsFile, key: string, t: Tensor = getTensor(file, key)): Int32Array {
  if (t.dtype === 'I32') return t.data as Int32Array;
  if (t.dtype !== 'I64') throw new Error(`${file.name}: tensor '${key}': dtype ${t.dtype}, expected I64 or I32`);
  const src = t.data as BigInt64Array;
  const out = new Int32Array(src.length);
  for (let i = 0; i < src.length; i++) {
    const v = src[i];
    if (v < -2147483648n || v > 2147483647n) {
      throw new Error(`${file.name}: tensor '${key}': value ${v} at flat index ${i} does not fit in int32`);
    }
    out[i] = Number(v);
  }
  return out;
}
