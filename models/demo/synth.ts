/**
 * The demo's synthetic fraud graph. Accounts come in groups: honest singles and families
 * (sharing a device, a home IP, sometimes a card), and three kinds of fraud: rings (accounts
 * sharing devices, cards and IPs), bursts (new accounts created to pay one small merchant) and
 * lone fraudsters (no pattern: nothing can find them). Own features never depend on the label,
 * only on whether an account is new, so the label is in the graph, not in the row.
 */
import { accountFeatures, FEATURES, NodeTable } from './nodes.ts';
import { Rng, Zipf } from './rng.ts';
import { EdgeSink } from './sink.ts';

export const RELATIONS = [
  ['account', 'uses', 'device'],
  ['account', 'holds', 'card'],
  ['account', 'pays', 'merchant'],
  ['account', 'logs_in_from', 'ip'],
] as const;

/** pattern.account in the labels file. */
export const Pattern = { Honest: 0, Ring: 1, Burst: 2, Lone: 3 } as const;
type PatternId = (typeof Pattern)[keyof typeof Pattern];

/** Share of accounts per group kind and the group's size range. */
const GROUPS = [
  { kind: 'single', share: 0.817, size: [1, 1] },
  { kind: 'family', share: 0.12, size: [2, 4] },
  { kind: 'ring', share: 0.03, size: [4, 12] },
  { kind: 'burst', share: 0.025, size: [15, 40] },
  { kind: 'lone', share: 0.008, size: [1, 1] },
] as const;

const P_NEW = 0.3;
/** Burst accounts are mostly fresh sign-ups, some bought aged accounts: "new" alone is a weak clue. */
const P_BURST_NEW = 0.7;

export interface SynthGraph {
  readonly accounts: number;
  readonly accountX: Float32Array;
  readonly y: Int32Array;
  readonly pattern: Int32Array;
  readonly tables: { readonly [T in 'device' | 'card' | 'merchant' | 'ip']: NodeTable };
  /** One sink per RELATIONS entry, closed. */
  readonly edges: readonly EdgeSink[];
}

export function synthesize(accounts: number, seed: number, tmpPrefix: string): SynthGraph {
  const rng = new Rng(seed);
  const fa = FEATURES.account.length;
  const g = {
    accounts,
    accountX: new Float32Array(accounts * fa),
    y: new Int32Array(accounts),
    pattern: new Int32Array(accounts),
    tables: {
      device: new NodeTable('device'),
      card: new NodeTable('card'),
      merchant: new NodeTable('merchant'),
      ip: new NodeTable('ip'),
    },
    edges: RELATIONS.map((r) => new EdgeSink(tmpPrefix, r.join('__'))),
  };
  const [uses, holds, pays, logsIn] = g.edges;
  const { device, card, merchant, ip } = g.tables;
  const merchantPop = new Zipf(Math.max(40, Math.round(accounts / 20)), 1.0);
  for (let m = 0; m < merchantPop.n; m++) merchant.add([+rng.chance(0.15), +rng.chance(0.5), rng.normal()]);
  const publicIps = new Zipf(Math.max(20, Math.round(accounts / 25)), 1.2);
  for (let i = 0; i < publicIps.n; i++) ip.add([+rng.chance(0.08), 1, rng.normal()]);

  const newDevice = (emulator: number) => device.add([+rng.chance(emulator), +rng.chance(0.7), rng.normal()]);
  const newCard = (prepaid: number) => card.add([+rng.chance(prepaid), rng.normal(), rng.normal()]);
  const newIp = (proxy: number) => ip.add([+rng.chance(proxy), 0, rng.normal()]);
  const perm = rng.shuffle(Int32Array.from({ length: accounts }, (_, i) => i));
  const weights = GROUPS.map((k) => k.share / ((k.size[0] + k.size[1]) / 2));
  const totalWeight = weights.reduce((a, b) => a + b, 0);

  /** One account: own features, its links, label. Shared nodes are passed in; the rest are fresh. */
  const account = (
    a: number,
    p: PatternId,
    isNew: boolean,
    shared: { dev?: number; card?: number; ip?: number; merchant?: number },
  ) => {
    accountFeatures(rng, isNew, g.accountX, a * fa);
    g.y[a] = p === Pattern.Honest ? 0 : 1;
    g.pattern[a] = p;
    uses.push(a, device.link(shared.dev ?? newDevice(0.03)));
    if (shared.dev !== undefined && rng.chance(0.3)) uses.push(a, device.link(newDevice(0.03)));
    holds.push(a, card.link(shared.card ?? newCard(0.1)));
    if (rng.chance(0.3)) holds.push(a, card.link(newCard(0.1)));
    logsIn.push(a, ip.link(shared.ip ?? newIp(0.02)));
    for (let k = rng.poisson(0.8); k > 0; k--) logsIn.push(a, ip.link(publicIps.draw(rng)));
    if (shared.merchant !== undefined) pays.push(a, merchant.link(shared.merchant));
    const own = shared.merchant !== undefined ? rng.poisson(0.5) : 1 + rng.poisson(isNew ? 1 : 2);
    for (let k = own; k > 0; k--) pays.push(a, merchant.link(merchantPop.draw(rng)));
  };

  let next = 0;
  while (next < accounts) {
    let u = rng.uniform() * totalWeight;
    let gi = 0;
    while (u >= weights[gi] && gi < GROUPS.length - 1) u -= weights[gi++];
    const kind = GROUPS[gi].kind;
    const size = Math.min(rng.int(GROUPS[gi].size[0], GROUPS[gi].size[1]), accounts - next);
    const members = perm.subarray(next, next + size);
    next += size;
    if (kind === 'single' || kind === 'lone') {
      account(members[0], kind === 'lone' ? Pattern.Lone : Pattern.Honest, rng.chance(P_NEW), {});
    } else if (kind === 'family') {
      const shared = { dev: newDevice(0.03), ip: newIp(0.02), card: rng.chance(0.5) ? newCard(0.1) : undefined };
      for (const a of members) account(a, Pattern.Honest, rng.chance(P_NEW), shared);
    } else if (kind === 'ring') {
      const devs = Array.from({ length: rng.int(1, 2) }, () => newDevice(0.15));
      const cards = Array.from({ length: rng.int(1, 3) }, () => newCard(0.4));
      const ips = Array.from({ length: rng.int(1, 2) }, () => newIp(0.4));
      const pick = (xs: number[]) => xs[rng.int(0, xs.length - 1)];
      for (const a of members)
        account(a, Pattern.Ring, rng.chance(P_NEW), { dev: pick(devs), card: pick(cards), ip: pick(ips) });
    } else {
      const target = rng.int(Math.floor(merchantPop.n / 4), merchantPop.n - 1);
      for (const a of members) account(a, Pattern.Burst, rng.chance(P_BURST_NEW), { merchant: target });
    }
  }
  for (const s of g.edges) s.close();
  return g;
}
