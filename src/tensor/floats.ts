/**
 * Where a CPU twin takes the memory it writes: new, zeroed memory by default; a session's arena
 * (backend/arena.ts) on the CPU backend, so a steady stream of scores makes no garbage.
 */
export type Floats = (n: number) => Float32Array;

export const freshFloats: Floats = (n) => new Float32Array(n);
