import { HttpError } from './errors.ts';

/** Percent per version ('live': whichever version is live when the request arrives); the percents sum to 100. */
type Split = Readonly<Record<string, number>>;

interface RuleSpec {
  /** The variant name answers report; default `rules[i]`. */
  readonly name?: string;
  /** Request attributes that must all match: a value, or any of a list. */
  readonly when: Readonly<Record<string, string | readonly string[]>>;
  readonly split: Split;
}

export interface ShadowSpec {
  readonly version: string;
  /** Share of requests (by a stable hash of the account id) also scored on `version`, 0-100. */
  readonly percent: number;
}

/** PUT /v1/routes/{name}'s body. */
export interface RouteSpec {
  readonly rules?: readonly RuleSpec[];
  /** Requests no rule matches; default: all to the live version. */
  readonly default?: Split;
  readonly shadow?: ShadowSpec | readonly ShadowSpec[];
}

export interface Pick {
  /** A version, or 'live'. */
  readonly version: string;
  /** The rule that chose it (its name), or 'default'. */
  readonly variant: string;
}

/** Hash buckets: percents are honoured to 0.01. */
const BUCKETS = 10_000;

interface Arm {
  readonly version: string;
  /** Buckets below this (and at or above the previous arm's) go to this version. */
  readonly upTo: number;
}

interface Rule {
  readonly variant: string;
  readonly when: [string, readonly string[]][];
  readonly arms: Arm[];
}

/**
 * A model's traffic plan: ordered rules on request attributes, each splitting by percentage on a
 * stable hash of the account id (an account stays on its version while the plan stands), then a
 * default; and shadow versions that also score a share of requests without answering them.
 */
export class Route {
  private readonly rules: Rule[];
  private readonly fallback: Rule;
  readonly shadows: readonly ShadowSpec[];

  /** Checks the plan against the versions that can serve (loaded ones); errors name the body's field. */
  constructor(
    readonly name: string,
    readonly spec: RouteSpec,
    loaded: (version: string) => boolean,
  ) {
    const known = (v: string, field: string) => {
      if (v !== 'live' && !loaded(v))
        throw new HttpError(
          400,
          'bad_request',
          `${field} names version ${JSON.stringify(v)}, expected 'live' or a loaded version of ${name} (PUT /v1/models/${name}/versions/${v} first)`,
        );
    };
    const arms = (split: Split, field: string): Arm[] => {
      let upTo = 0;
      const out: Arm[] = [];
      for (const [v, percent] of Object.entries(split)) {
        known(v, `${field}`);
        upTo += Math.round(percent * (BUCKETS / 100));
        out.push({ version: v, upTo });
      }
      if (upTo !== BUCKETS)
        throw new HttpError(
          400,
          'bad_request',
          `${field} is ${JSON.stringify(split)}, expected percents summing to 100 (they sum to ${upTo / (BUCKETS / 100)})`,
        );
      return out;
    };
    this.rules = (spec.rules ?? []).map((r, i) => ({
      variant: r.name ?? `rules[${i}]`,
      when: Object.entries(r.when).map(([k, v]) => [k, typeof v === 'string' ? [v] : v]),
      arms: arms(r.split, `body.rules[${i}].split`),
    }));
    const variants = new Set<string>(['default']);
    for (const [i, r] of this.rules.entries()) {
      if (variants.has(r.variant))
        throw new HttpError(
          400,
          'bad_request',
          `body.rules[${i}].name is ${JSON.stringify(r.variant)}, expected a name no other rule has (nor 'default')`,
        );
      variants.add(r.variant);
    }
    this.fallback = {
      variant: 'default',
      when: [],
      arms: spec.default ? arms(spec.default, 'body.default') : [{ version: 'live', upTo: BUCKETS }],
    };
    const shadows = spec.shadow === undefined ? [] : Array.isArray(spec.shadow) ? spec.shadow : [spec.shadow];
    shadows.forEach((s: ShadowSpec, i) => {
      const field = Array.isArray(spec.shadow) ? `body.shadow[${i}]` : 'body.shadow';
      if (!loaded(s.version))
        throw new HttpError(
          400,
          'bad_request',
          `${field}.version is ${JSON.stringify(s.version)}, expected a loaded version of ${name} (PUT /v1/models/${name}/versions/${s.version} with "live": false first)`,
        );
    });
    this.shadows = shadows;
  }

  /** The version (or 'live') and variant for one account of a request with these attributes. */
  pick(attributes: Readonly<Record<string, string>> | undefined, id: string): Pick {
    const rule =
      this.rules.find((r) => r.when.every(([k, vs]) => attributes?.[k] !== undefined && vs.includes(attributes[k]))) ??
      this.fallback;
    const b = bucket(`split\u0000${id}`);
    const arm = rule.arms.find((a) => b < a.upTo) ?? rule.arms[rule.arms.length - 1];
    return { version: arm.version, variant: rule.variant };
  }

  /** Whether account `id` is in shadow `s`'s share. */
  shadowed(s: ShadowSpec, id: string): boolean {
    return bucket(`shadow\u0000${s.version}\u0000${id}`) < Math.round(s.percent * (BUCKETS / 100));
  }

  /** Whether the plan names version `v` (a split or a shadow): it must stay loaded. */
  uses(v: string): boolean {
    return (
      this.shadows.some((s) => s.version === v) ||
      [...this.rules, this.fallback].some((r) => r.arms.some((a) => a.version === v))
    );
  }
}

/** A stable bucket in [0, BUCKETS) for a key: FNV-1a over its UTF-16 units, then murmur3's finaliser to spread it. */
function bucket(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) % BUCKETS;
}
