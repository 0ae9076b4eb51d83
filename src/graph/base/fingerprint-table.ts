/**
 * The EventIds table: open addressing over pairs of words, an event id's two 32-bit
 * fingerprints (a, b), linear probing from a; (0, 0) marks an empty slot (a fingerprint is
 * never (0, 0): see fingerprintB). Here rather than beside EventIds because the table's
 * rebuild (fillEvents) is a maintenance kernel, which must not depend on the store.
 */

/** Whether (a, b) is in t. */
export function contains(t: Uint32Array, a: number, b: number): boolean {
  const mask = t.length / 2 - 1;
  for (let i = a & mask; ; i = (i + 1) & mask) {
    const x = t[2 * i],
      y = t[2 * i + 1];
    if (x === a && y === b) return true;
    if (x === 0 && y === 0) return false;
  }
}

/** Enter (a, b) in t unless there; returns whether it was entered. */
export function place(t: Uint32Array, a: number, b: number): boolean {
  const mask = t.length / 2 - 1;
  for (let i = a & mask; ; i = (i + 1) & mask) {
    const x = t[2 * i],
      y = t[2 * i + 1];
    if (x === a && y === b) return false;
    if (x === 0 && y === 0) {
      t[2 * i] = a;
      t[2 * i + 1] = b;
      return true;
    }
  }
}

/** Enter every entry of table `from` in `into` (those already there once). */
export function placeAll(into: Uint32Array, from: Uint32Array): void {
  for (let i = 0; i < from.length; i += 2) if (from[i] !== 0 || from[i + 1] !== 0) place(into, from[i], from[i + 1]);
}
