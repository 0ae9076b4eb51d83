import type { GraphStore } from '../graph/index.ts';
import type { PickMode } from './pick.ts';

export interface SampleOptions {
  /** Per hop, the in-edges kept per node and relation; -1 keeps all (full neighbourhood). Hops = its length. */
  readonly fanouts: readonly number[];
  /** Per relation `src__rel__dst`, fanouts that replace `fanouts` for it (same length). */
  readonly relationFanouts?: Readonly<Record<string, readonly number[]>>;
  /** 'uniform' (without replacement, seeded) or 'recent' (newest edges first). Default 'uniform'. */
  readonly mode?: PickMode;
  readonly seed?: number;
}

/** Fanouts per hop for each relation, in the store's relation order; checked once per call (hot loops stay unchecked). */
export function resolveFanouts(store: GraphStore, opts: SampleOptions): (readonly number[])[] {
  const check = (f: readonly number[], where: string): readonly number[] => {
    if (!Array.isArray(f))
      throw new Error(`${where} is ${JSON.stringify(f)}, expected an array of integers (one per hop)`);
    f.forEach((n, h) => {
      if (!Number.isInteger(n) || n < -1)
        throw new Error(`${where}[${h}] is ${JSON.stringify(n)}, expected an integer >= 0, or -1 for all neighbours`);
    });
    return f;
  };
  const base = check(opts.fanouts, 'fanouts');
  const out = new Map<string, readonly number[]>();
  for (const key of store.relations.keys()) out.set(key, base);
  for (const [key, f] of Object.entries(opts.relationFanouts ?? {})) {
    if (!store.relations.has(key))
      throw new Error(`relationFanouts: relation '${key}' is not one of ${[...store.relations.keys()].join(', ')}`);
    check(f, `relationFanouts.${key}`);
    if (f.length !== base.length)
      throw new Error(`relationFanouts.${key} has ${f.length} hops, expected ${base.length} (as fanouts)`);
    out.set(key, f);
  }
  if (opts.mode !== undefined && opts.mode !== 'uniform' && opts.mode !== 'recent')
    throw new Error(`mode is ${JSON.stringify(opts.mode)}, expected 'uniform' or 'recent'`);
  return [...out.values()];
}
