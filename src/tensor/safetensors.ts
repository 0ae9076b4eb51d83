/**
 * safetensors: 8-byte LE u64 header length N, N bytes of JSON
 * {name: {dtype, shape, data_offsets: [begin, end]}, __metadata__?}, then raw LE data
 * (offsets relative to the end of the header). Pure: no file system, so it runs in a browser.
 */
type DType = 'F32' | 'I64' | 'I32';

const BYTES: Record<DType, number> = { F32: 4, I64: 8, I32: 4 };

export interface Tensor {
  readonly dtype: DType;
  readonly shape: readonly number[];
  /** F32 → Float32Array; I32 → Int32Array; I64 → BigInt64Array. */
  readonly data: Float32Array | Int32Array | BigInt64Array;
}

export interface SafetensorsFile {
  readonly name: string;
  readonly tensors: ReadonlyMap<string, Tensor>;
  readonly metadata: Readonly<Record<string, string>>;
}

export function parseSafetensors(bytes: Uint8Array, name: string): SafetensorsFile {
  if (bytes.length < 8)
    throw new Error(`${name}: truncated: ${bytes.length} bytes, expected at least an 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = Number(view.getBigUint64(0, true));
  if (8 + headerLen > bytes.length) {
    throw new Error(
      `${name}: truncated: header claims ${headerLen} bytes but the file has ${bytes.length - 8} after the length`,
    );
  }
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLen)));
  } catch (e) {
    throw new Error(`${name}: header is not valid JSON (${(e as Error).message})`);
  }
  const base = 8 + headerLen;
  const dataLen = bytes.length - base;
  const tensors = new Map<string, Tensor>();
  let metadata: Record<string, string> = {};
  for (const [key, raw] of Object.entries(header)) {
    if (key === '__metadata__') {
      metadata = raw as Record<string, string>;
      continue;
    }
    const info = raw as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    const dtype = info.dtype;
    if (dtype !== 'F32' && dtype !== 'I64' && dtype !== 'I32') {
      throw new Error(
        `${name}: tensor '${key}': dtype ${JSON.stringify(dtype)} is not supported, expected F32, I64 or I32`,
      );
    }
    const shape = info.shape;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
      throw new Error(
        `${name}: tensor '${key}': shape ${JSON.stringify(shape)}, expected a list of non-negative integers`,
      );
    }
    const offs = info.data_offsets;
    if (!Array.isArray(offs) || offs.length !== 2 || !offs.every((o) => Number.isInteger(o) && o >= 0)) {
      throw new Error(`${name}: tensor '${key}': data_offsets ${JSON.stringify(offs)}, expected [begin, end]`);
    }
    const [begin, end] = offs as [number, number];
    const count = (shape as number[]).reduce((a, b) => a * b, 1);
    const want = count * BYTES[dtype];
    if (end - begin !== want) {
      throw new Error(
        `${name}: tensor '${key}': data_offsets [${begin}, ${end}] hold ${end - begin} bytes, expected ${want} for ${dtype} ${JSON.stringify(shape)}`,
      );
    }
    if (end > dataLen) {
      throw new Error(
        `${name}: tensor '${key}': truncated: data ends at byte ${end} but the file holds ${dataLen} data bytes`,
      );
    }
    // Copy: the source may be unaligned for the element size, or a Node Buffer over a shared pool.
    const slice = new Uint8Array(end - begin);
    slice.set(bytes.subarray(base + begin, base + end));
    const data =
      dtype === 'F32'
        ? new Float32Array(slice.buffer, 0, count)
        : dtype === 'I32'
          ? new Int32Array(slice.buffer, 0, count)
          : new BigInt64Array(slice.buffer, 0, count);
    tensors.set(key, { dtype, shape: shape as number[], data });
  }
  return { name, tensors, metadata };
}

export function serializeSafetensors(
  tensors: ReadonlyMap<string, Tensor>,
  metadata: Record<string, string> = {},
): Uint8Array {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  const names = [...tensors.keys()].sort();
  for (const key of names) {
    const t = tensors.get(key)!;
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (t.data.length !== count)
      throw new Error(
        `tensor '${key}': ${t.data.length} values, expected ${count} for shape ${JSON.stringify(t.shape)}`,
      );
    const n = count * BYTES[t.dtype];
    header[key] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + n] };
    offset += n;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - ((8 + json.length) % 8)) % 8); // align the data start, as the reference writer does
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.length;
  for (const key of names) {
    const d = tensors.get(key)!.data;
    out.set(new Uint8Array(d.buffer, d.byteOffset, d.byteLength), at);
    at += d.byteLength;
  }
  return out;
}
