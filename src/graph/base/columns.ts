/**
 * Growable typed columns stored in fixed-size chunks. Chunks instead of one doubling array:
 * growth never copies and never leaves up to half the capacity unused, which is what keeps the
 * store near its bytes-per-edge budget at 10M edges.
 */
export const CHUNK_BITS = 16;
export const CHUNK = 1 << CHUNK_BITS;
const MASK = CHUNK - 1;

type Typed = Uint32Array | Int32Array;
type Ctor<A> = { new (n: number): A; new (b: ArrayBufferLike): A; readonly BYTES_PER_ELEMENT: number };

/**
 * A zeroed typed array of `length` elements; with `shared`, in shared memory (a
 * SharedArrayBuffer), for a Maintainer that reads it from another thread.
 */
export function typedArray<A>(ctor: Ctor<A>, length: number, shared: boolean): A {
  const bytes = length * ctor.BYTES_PER_ELEMENT;
  return new ctor(shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
}

class Chunked<A extends Typed> {
  readonly chunks: A[] = [];
  length = 0;

  /** shared: chunks in shared memory, for a Maintainer that reads them from another thread. */
  constructor(
    private readonly ctor: Ctor<A>,
    private readonly shared = false,
  ) {}

  private chunk(): A {
    return typedArray(this.ctor, CHUNK, this.shared);
  }

  get(i: number): number {
    return this.chunks[i >>> CHUNK_BITS][i & MASK];
  }

  set(i: number, v: number): void {
    this.chunks[i >>> CHUNK_BITS][i & MASK] = v;
  }

  push(v: number): number {
    const i = this.length++;
    if ((i & MASK) === 0 && this.chunks.length <= i >>> CHUNK_BITS) this.chunks.push(this.chunk());
    this.chunks[i >>> CHUNK_BITS][i & MASK] = v;
    return i;
  }

  /** Drop everything from n on; whole chunks past it are released. */
  truncate(n: number): void {
    this.length = Math.min(n, this.length);
    this.chunks.length = Math.ceil(this.length / CHUNK);
  }

  /** [0, length) as views of the chunks: valid until the column changes. */
  views(): A[] {
    const out: A[] = [];
    for (let c = 0; c * CHUNK < this.length; c++)
      out.push(this.chunks[c].subarray(0, Math.min(CHUNK, this.length - c * CHUNK)) as A);
    return out;
  }

  /** Replace the contents with a copy of `a`. */
  fromArray(a: ArrayLike<number>): void {
    this.chunks.length = 0;
    this.length = 0;
    for (let start = 0; start < a.length; start += CHUNK) {
      const c = this.chunk();
      const end = Math.min(a.length, start + CHUNK);
      if (ArrayBuffer.isView(a)) c.set((a as unknown as A).subarray(start, end) as never);
      else for (let i = start; i < end; i++) c[i - start] = a[i];
      this.chunks.push(c);
    }
    this.length = a.length;
  }

  bytes(): number {
    return this.chunks.reduce((s, c) => s + c.byteLength, 0);
  }
}

export class U32Column extends Chunked<Uint32Array> {
  constructor(shared = false) {
    super(Uint32Array, shared);
  }
}

export class I32Column extends Chunked<Int32Array> {
  constructor() {
    super(Int32Array);
  }
}

/**
 * Grow a per-node Int32Array to hold at least n entries, new entries set to `fill`. By an
 * eighth, not doubling: these arrays are per node and per relation side, and doubling would
 * leave up to 4 bytes per node idle in each (about 2 bytes per edge in `npm run bench -- graph`'s graph).
 */
export function growI32(a: Int32Array, n: number, fill: number): Int32Array {
  if (n <= a.length) return a;
  const b = new Int32Array(Math.max(n, a.length + (a.length >>> 3), 1024));
  b.set(a);
  if (fill !== 0) b.fill(fill, a.length);
  return b;
}
