/**
 * The sampling seed of one target: the request's seed mixed with the target's type and id
 * (FNV-1a, then a 32-bit finaliser), so a target's sample, and so its score, is the same
 * whichever requests it shares a run with.
 */
export function targetSeed(seed: number, type: string, id: string): number {
  let h = 0x811c9dc5 ^ seed;
  for (const s of [type, id]) {
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ 0xff, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
