/** 32-bit integer mixing (murmur3's fmix32): spreads packed keys over a power-of-two table. */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export const FNV_SEED = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;

/** FNV-1a over UTF-16 code units, with a seed so two independent hashes can form a 64-bit fingerprint. */
export function hashString(s: string, seed = FNV_SEED): number {
  let h = seed;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return mix32(h);
}

/** Table size (power of two) that keeps n keys at or under a 3/4 load factor. */
export function tableSize(n: number): number {
  let size = 16;
  while (size * 3 < n * 4) size *= 2;
  return size;
}
