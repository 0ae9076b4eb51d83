/**
 * Streaming safetensors output for graphs too big to hold their edges in memory (1M accounts is
 * ~20M edges): each edge_index row is appended to its own temporary file, and the final file is
 * the header followed by those files concatenated. Memory stays O(nodes), not O(edges).
 */
import { closeSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';

const CHUNK = 1 << 16;

/** Appends I64 values to a file through a fixed buffer. */
export class I64Stream {
  private readonly buf = new BigInt64Array(CHUNK);
  private fill = 0;
  private readonly fd: number;
  count = 0;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'w');
  }

  push(v: number): void {
    this.buf[this.fill++] = BigInt(v);
    this.count++;
    if (this.fill === CHUNK) this.flush();
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private flush(): void {
    if (this.fill > 0) writeSync(this.fd, new Uint8Array(this.buf.buffer, 0, this.fill * 8));
    this.fill = 0;
  }
}

/** One relation's edge_index [2, E]: row 0 sources, row 1 targets, each in its own stream. */
export class EdgeSink {
  readonly src: I64Stream;
  readonly dst: I64Stream;

  constructor(
    tmpPrefix: string,
    readonly key: string,
  ) {
    this.src = new I64Stream(`${tmpPrefix}.${key}.src`);
    this.dst = new I64Stream(`${tmpPrefix}.${key}.dst`);
  }

  push(s: number, d: number): void {
    this.src.push(s);
    this.dst.push(d);
  }

  close(): void {
    this.src.close();
    this.dst.close();
  }
}

/** A tensor's bytes: in memory, or the temporary files (in order) that hold them. */
export interface StreamedTensor {
  readonly name: string;
  readonly dtype: 'F32' | 'I64';
  readonly shape: readonly number[];
  readonly parts: readonly (Uint8Array | string)[];
}

function byteLength(t: StreamedTensor): number {
  return t.shape.reduce((a, b) => a * b, 1) * (t.dtype === 'F32' ? 4 : 8);
}

function copyFile(fd: number, path: string, buf: Uint8Array): number {
  const src = openSync(path, 'r');
  let total = 0;
  for (let n = readSync(src, buf); n > 0; n = readSync(src, buf)) {
    writeSync(fd, buf, 0, n);
    total += n;
  }
  closeSync(src);
  return total;
}

/** Writes the tensors (header padded to 8 bytes, as src/tensor/safetensors.ts does) through a temporary name, then renames. */
export function writeStreamed(
  path: string,
  tensors: readonly StreamedTensor[],
  metadata: Record<string, string>,
): void {
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const t of tensors) {
    const n = byteLength(t);
    header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + n] };
    offset += n;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - ((8 + json.length) % 8)) % 8);
  const tmp = `${path}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  const len = new Uint8Array(8);
  new DataView(len.buffer).setBigUint64(0, BigInt(json.length), true);
  writeSync(fd, len);
  writeSync(fd, new TextEncoder().encode(json));
  const buf = new Uint8Array(1 << 20);
  for (const t of tensors) {
    let written = 0;
    for (const p of t.parts) written += typeof p === 'string' ? copyFile(fd, p, buf) : writeSync(fd, p);
    if (written !== byteLength(t))
      throw new Error(
        `${path}: tensor '${t.name}' has ${written} bytes, expected ${byteLength(t)} for ${t.dtype} ${JSON.stringify(t.shape)}`,
      );
  }
  closeSync(fd);
  renameSync(tmp, path);
}

export function removeStreams(sinks: readonly EdgeSink[]): void {
  for (const s of sinks) for (const f of [s.src.path, s.dst.path]) rmSync(f, { force: true });
}
