import type { Rng } from './rng.ts';

/**
 * Feature columns per node type. Column 0 of every non-account type is log1p(number of accounts
 * linked to it), which a risk system keeps as a counter ("accounts seen on this device").
 */
export const FEATURES = {
  account: [
    'account_age',
    'kyc_level',
    'balance',
    'email_age',
    'failed_logins',
    'night_share',
    'country_risk',
    'profile_complete',
  ],
  device: ['log_accounts', 'is_emulator', 'is_mobile', 'device_age'],
  card: ['log_accounts', 'is_prepaid', 'issuer_risk', 'card_age'],
  merchant: ['log_payers', 'high_risk_category', 'is_online', 'merchant_age'],
  ip: ['log_accounts', 'is_proxy', 'is_public', 'geo_risk'],
} as const;

export type NodeType = keyof typeof FEATURES;

/**
 * An account's own features. Honest and fraudulent accounts both come from here: the only input
 * is whether the account is new, so a model that sees one account alone learns little.
 */
export function accountFeatures(rng: Rng, isNew: boolean, out: Float32Array, at: number): void {
  const days = isNew ? rng.uniform() * 30 : 30 + Math.exp(5 + rng.normal());
  const age = (Math.log1p(days) - 5) / 1.5;
  out[at] = age;
  out[at + 1] = rng.int(0, 2) - (isNew && rng.chance(0.4) ? 1 : 0);
  out[at + 2] = rng.normal() * 0.9 - (isNew ? 0.5 : 0);
  out[at + 3] = 0.7 * age + 0.7 * rng.normal();
  out[at + 4] = rng.poisson(0.3);
  out[at + 5] = rng.uniform();
  out[at + 6] = rng.normal();
  out[at + 7] = isNew ? rng.uniform() * 0.8 : 0.3 + rng.uniform() * 0.7;
}

/** Devices, cards, merchants or IPs: fixed attributes drawn at creation, and a link counter. */
export class NodeTable {
  private readonly attrs: number[] = [];
  private readonly degree: number[] = [];

  constructor(readonly type: Exclude<NodeType, 'account'>) {}

  get size(): number {
    return this.degree.length;
  }

  /** A new node with its attribute columns (all but column 0); returns its id. */
  add(attrs: readonly number[]): number {
    if (attrs.length !== FEATURES[this.type].length - 1)
      throw new Error(`${this.type}: ${attrs.length} attributes, expected ${FEATURES[this.type].length - 1}`);
    this.attrs.push(...attrs);
    this.degree.push(0);
    return this.degree.length - 1;
  }

  link(id: number): number {
    this.degree[id]++;
    return id;
  }

  /** [N, F] row-major: log1p(degree) centred near 0, then the attributes. */
  features(): Float32Array {
    const f = FEATURES[this.type].length;
    const out = new Float32Array(this.size * f);
    for (let i = 0; i < this.size; i++) {
      out[i * f] = Math.log1p(this.degree[i]) - 1;
      for (let c = 1; c < f; c++) out[i * f + c] = this.attrs[i * (f - 1) + c - 1];
    }
    return out;
  }
}
