import { typedArray } from '../base/columns.ts';
import { contains, place, placeAll } from '../base/fingerprint-table.ts';
import { hashString } from '../base/hash.ts';
import { hashId } from '../base/id-bytes.ts';
import { INLINE, type Maintainer, type Pending } from '../base/maintainer.ts';

const SEED_B = 0x9747b28c;

/** An event id's fingerprint: two independent 32-bit string hashes; (0, 0) marks an empty slot, so b is 1 then. */
export function fingerprintA(id: string): number {
  return hashString(id);
}

export function fingerprintB(id: string, a: number): number {
  const b = hashString(id, SEED_B);
  return a === 0 && b === 0 ? 1 : b;
}

/** fingerprintA of the id at buf[at] (id-bytes.ts form): the same value, from its code units. */
export function fingerprintAAt(buf: Uint8Array, at: number): number {
  return hashId(buf, at);
}

/** fingerprintB of the id at buf[at], whose fingerprintA is a. */
export function fingerprintBAt(buf: Uint8Array, at: number, a: number): number {
  const b = hashId(buf, at, SEED_B);
  return a === 0 && b === 0 ? 1 : b;
}

/**
 * Event ids already applied, as 64-bit fingerprints (two independent 32-bit string hashes) in
 * an open-addressing table: 8 bytes a slot instead of the id string. Two distinct ids collide
 * with probability about n²/2^65 (≈3e-6 at 10M events), which would drop the later one as a
 * redelivery; exact ids would cost ~10x the memory.
 *
 * Past 3/4 full the table is rebuilt twice as large (fillEvents) by the Maintainer. Meanwhile
 * the table is left as it is, for the worker to read, and new ids go to a small side table
 * (both are looked in); the rebuilt table takes the side table's ids when it is installed
 * (`settle`, between batches), or at once when the side table fills.
 */
export class EventIds {
  table: Uint32Array;
  size = 0;
  private side: Uint32Array | undefined;
  private sideSize = 0;
  private pending: Pending<Uint32Array> | undefined;

  constructor(private readonly maintainer: Maintainer = INLINE) {
    this.table = typedArray(Uint32Array, 32, maintainer.shared);
  }

  has(id: string): boolean {
    const a = fingerprintA(id),
      b = fingerprintB(id, a);
    return contains(this.table, a, b) || (this.side !== undefined && contains(this.side, a, b));
  }

  /** Record the id with fingerprint (a, b) (fingerprintA/B); returns false when it was already there. */
  addFingerprint(a: number, b: number): boolean {
    const side = this.side;
    if (side) {
      if (contains(this.table, a, b) || !place(side, a, b)) return false;
      this.size++;
      if (++this.sideSize * 4 > (side.length / 2) * 3) this.settle(true);
      return true;
    }
    if (!place(this.table, a, b)) return false;
    this.size++;
    if (this.size * 4 > (this.table.length / 2) * 3) {
      this.pending = this.maintainer.events(this.table, this.table.length / 2);
      // A quarter of the slots: the rebuilt table (twice as many) takes them all under 3/4 full.
      this.side = new Uint32Array(Math.max(8, this.table.length / 8));
      this.sideSize = 0;
      this.settle(false);
    }
    return true;
  }

  /** Install the rebuilt table when it is ready (waiting for it if `wait`), with the side table's ids; returns whether it still runs. */
  settle(wait: boolean): boolean {
    const table = this.pending?.take(wait);
    if (!table) return this.pending !== undefined;
    const side = this.side!;
    this.table = table;
    placeAll(table, side);
    this.pending = this.side = undefined;
    return false;
  }

  /** Load the entry id a's probe starts at, so a batch can overlap these cache misses before adding its ids in order. */
  touch(a: number): number {
    return this.table[2 * (a & (this.table.length / 2 - 1))];
  }

  /** The table, for snapshots, its side table merged first (a rebuild under way is waited for): a view, valid until the next id is added. */
  view(): Uint32Array {
    this.settle(true);
    return this.table;
  }

  restore(table: Uint32Array, size: number): void {
    this.pending?.cancel();
    this.pending = this.side = undefined;
    this.table = typedArray(Uint32Array, table.length, this.maintainer.shared);
    this.table.set(table);
    this.size = size;
  }
}
