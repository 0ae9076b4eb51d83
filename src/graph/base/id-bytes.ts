import { FNV_PRIME, FNV_SEED, mix32 } from './hash.ts';

/**
 * The byte form of an id, shared by batch records and the StringIds arena: a u16 LE length
 * word, then the UTF-16 code units, one byte each when all are Latin-1, else two (LE). Wide
 * only when some unit needs it, so the form is canonical: equal strings have equal bytes, and
 * a record's id can be compared with, hashed like and copied into the arena without a string.
 */

/** Longest id the form holds: the length word's top bit marks 2-byte code units. */
export const MAX_ID_LENGTH = 0x7fff;
export const WIDE = 0x8000;

/** Write s at buf[at] (room for 2 + 2 * s.length bytes checked by the caller); returns the offset after it. */
export function writeId(buf: Uint8Array, at: number, s: string): number {
  const n = s.length;
  let o = at + 2;
  let wide = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    wide |= c;
    buf[o++] = c;
  }
  if (wide > 0xff) {
    o = at + 2;
    for (let i = 0; i < n; i++, o += 2) {
      const c = s.charCodeAt(i);
      buf[o] = c;
      buf[o + 1] = c >>> 8;
    }
  }
  const h = n | (wide > 0xff ? WIDE : 0);
  buf[at] = h;
  buf[at + 1] = h >>> 8;
  return o;
}

/** The id at buf[at] as a string. */
export function readId(buf: Uint8Array, at: number): string {
  const w = buf[at] | (buf[at + 1] << 8);
  const n = w & MAX_ID_LENGTH;
  let o = at + 2;
  if (!(w & WIDE)) return String.fromCharCode.apply(null, buf.subarray(o, o + n) as unknown as number[]);
  let s = '';
  for (let k = 0; k < n; k++, o += 2) s += String.fromCharCode(buf[o] | (buf[o + 1] << 8));
  return s;
}

/** Bytes the id at buf[at] takes, length word included. */
export function idSize(buf: Uint8Array, at: number): number {
  const w = buf[at] | (buf[at + 1] << 8);
  return 2 + (w & MAX_ID_LENGTH) * (w & WIDE ? 2 : 1);
}

/** hashString(id, seed) of the id at buf[at]: the same code units, so the same value (snapshots keep tables built with hashString). */
export function hashId(buf: Uint8Array, at: number, seed = FNV_SEED): number {
  const w = buf[at] | (buf[at + 1] << 8);
  const n = w & MAX_ID_LENGTH;
  let o = at + 2;
  let h = seed;
  if (w & WIDE) for (let k = 0; k < n; k++, o += 2) h = Math.imul(h ^ (buf[o] | (buf[o + 1] << 8)), FNV_PRIME);
  else for (let k = 0; k < n; k++, o++) h = Math.imul(h ^ buf[o], FNV_PRIME);
  return mix32(h);
}

/** Whether the ids at a[i] and b[j] are the same id. */
export function sameId(a: Uint8Array, i: number, b: Uint8Array, j: number): boolean {
  if (a[i] !== b[j] || a[i + 1] !== b[j + 1]) return false;
  const end = i + idSize(a, i);
  for (let p = i + 2, q = j + 2; p < end; p++, q++) if (a[p] !== b[q]) return false;
  return true;
}
