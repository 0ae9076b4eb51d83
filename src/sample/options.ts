import type { GraphStore } from '../graph/index.ts';
import type { PickMode } from './pick.ts';

const MODES: readonly PickMode[] = ['uniform', 'recent', 'weighted', 'top'];

export interface SampleOptions {
  /** Per hop, the in-edges kept per node and relation; -1 keeps all (full neighbourhood). Hops = its length. */
  readonly fanouts: readonly number[];
  /** Per relation `src__rel__dst`, fanouts that replace `fanouts` for it (same length). */
  readonly relationFanouts?: Readonly<Record<string, readonly number[]>>;
  /**
   * 'uniform' (without replacement, seeded), 'recent' (newest edges first), 'weighted' (without
   * replacement, probability proportional to the edge weight, seeded) or 'top' (the heaviest,
   * ties to the newest). Default 'uniform'. The last two need every sampled relation to carry weights.
   */
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
  const mode = opts.mode;
  if (mode !== undefined && !MODES.includes(mode))
    throw new Error(`mode is ${JSON.stringify(mode)}, expected one of ${MODES.map((m) => `'${m}'`).join(', ')}`);
  if (mode === 'weighted' || mode === 'top')
    for (const [key, f] of out) {
      const r = store.relations.get(key)!;
      if (!r.edgeWeight && f.some((n) => n !== 0))
        throw new Error(
          `mode is '${mode}', which reads edge weights, but relation '${key}' carries none: give its edges a weight (schema edgeWeight), or set its fanouts to 0 (relationFanouts)`,
        );
    }
  return [...out.values()];
}
