import { ByteBuffer, Encoding } from 'flatbuffers';

/** The buffer is not a FlatBuffer the decoder can read: a read out of range, a bad string, too much to read. */
export class BadFlatBuffer extends Error {}

/**
 * Strings and vector elements one buffer may hand out, per byte of it (plus BUDGET_FLOOR). A FlatBuffer
 * may share a string or vector between many fields, which is legal and small on the wire but large
 * decoded: 16,000 targets naming one 60 KB id would be a 1 GB body. JSON's own blow-up (text to
 * objects) is of this order; a shared `rel` or feature row in a real batch stays under 3.
 */
const BUDGET_PER_BYTE = 4;
const BUDGET_FLOOR = 4096;

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A ByteBuffer whose every read is checked. The flatbuffers JS runtime verifies nothing: a read past
 * the end is `undefined`, taken as 0, so a hostile offset reads garbage and a hostile vector length
 * (up to 2^31) loops that long. Here the generated readers' reads go through three checked methods
 * (the runtime's wider reads are built on them), and a string or vector must lie inside the buffer,
 * so any reading of a buffer ends within a bounded number of steps or throws BadFlatBuffer.
 * The buffer is only read, never written, and never viewed as a typed array (the `*Array()`
 * readers would view past a pooled Buffer's slice): read vectors element by element.
 */
export class CheckedByteBuffer extends ByteBuffer {
  /** Whether the last field looked up (`__offset`) is in its table: see `present`. */
  found = false;
  private budget: number;

  constructor(private readonly data: Uint8Array) {
    super(data);
    this.budget = BUDGET_PER_BYTE * data.length + BUDGET_FLOOR;
  }

  private check(offset: number, size: number): void {
    if (!(offset >= 0 && offset + size <= this.data.length))
      throw new BadFlatBuffer(`bytes [${offset}, ${offset + size}) are outside the ${this.data.length}-byte buffer`);
  }

  private spend(n: number, what: string): void {
    this.budget -= n;
    if (this.budget < 0)
      throw new BadFlatBuffer(
        `${what} takes the strings and vectors read past ${BUDGET_PER_BYTE} × the buffer's ${this.data.length} bytes + ${BUDGET_FLOOR} (shared too often)`,
      );
  }

  override readUint8(offset: number): number {
    this.check(offset, 1);
    return super.readUint8(offset);
  }

  override readUint16(offset: number): number {
    this.check(offset, 2);
    return super.readUint16(offset);
  }

  override readInt32(offset: number): number {
    this.check(offset, 4);
    return super.readInt32(offset);
  }

  override __offset(bb_pos: number, vtable_offset: number): number {
    const at = super.__offset(bb_pos, vtable_offset);
    this.found = at !== 0;
    return at;
  }

  /** A string: its length and its bytes inside the buffer, a terminating 0 (as flatc's verifier wants), UTF-8. */
  override __string(offset: number, encoding?: Encoding): string | Uint8Array {
    const at = this.__indirect(offset);
    const length = this.readInt32(at);
    const start = at + 4;
    if (length < 0 || start + length >= this.data.length || this.data[start + length] !== 0)
      throw new BadFlatBuffer(`the string at byte ${at} (${length} bytes) does not fit the buffer with its 0 byte`);
    this.spend(length, `the string at byte ${at}`);
    const bytes = this.data.subarray(start, start + length);
    if (encoding === Encoding.UTF8_BYTES) return bytes;
    try {
      return UTF8.decode(bytes);
    } catch {
      throw new BadFlatBuffer(`the string at byte ${at} is not UTF-8`);
    }
  }

  /** A vector's length: its elements (1 byte at least) must fit the buffer. */
  override __vector_len(offset: number): number {
    const at = this.__indirect(offset);
    const length = this.readInt32(at);
    if (length < 0 || at + 4 + length > this.data.length)
      throw new BadFlatBuffer(`the vector at byte ${at} claims ${length} elements, more than the buffer holds`);
    this.spend(length, `the vector at byte ${at}`);
    return length;
  }
}
