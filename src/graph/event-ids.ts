import { hashString } from './hash.ts';
import { hashId } from './id-bytes.ts';

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
 */
export class EventIds {
  table: Uint32Array = new Uint32Array(32);
  size = 0;

  has(id: string): boolean {
    const a = fingerprintA(id), b = fingerprintB(id, a);
    const mask = this.table.length / 2 - 1;
    for (let i = a & mask; ; i = (i + 1) & mask) {
      const x = this.table[2 * i], y = this.table[2 * i + 1];
      if (x === 0 && y === 0) return false;
      if (x === a && y === b) return true;
    }
  }

  /** Record the id with fingerprint (a, b) (fingerprintA/B); returns false when it was already there. */
  addFingerprint(a: number, b: number): boolean {
    if (!this.place(this.table, a, b)) return false;
    this.size++;
    if (this.size * 4 > (this.table.length / 2) * 3) this.grow();
    return true;
  }

  /** Load the entry id a's probe starts at, so a batch can overlap these cache misses before adding its ids in order. */
  touch(a: number): number {
    return this.table[2 * (a & (this.table.length / 2 - 1))];
  }

  private place(t: Uint32Array, a: number, b: number): boolean {
    const mask = t.length / 2 - 1;
    for (let i = a & mask; ; i = (i + 1) & mask) {
      const x = t[2 * i], y = t[2 * i + 1];
      if (x === a && y === b) return false;
      if (x === 0 && y === 0) {
        t[2 * i] = a;
        t[2 * i + 1] = b;
        return true;
      }
    }
  }

  private grow(): void {
    const old = this.table;
    this.table = new Uint32Array(old.length * 2);
    for (let i = 0; i < old.length; i += 2) if (old[i] !== 0 || old[i + 1] !== 0) this.place(this.table, old[i], old[i + 1]);
  }

  restore(table: Uint32Array, size: number): void {
    this.table = table;
    this.size = size;
  }
}
