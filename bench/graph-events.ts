// The graph benchmark's event stream, shared by its two producers (the store's own thread, and a
// worker: graph-producer.ts), so both ingest the same graph.
import type { GraphEvent } from '../src/graph/index.ts';

export const RELATIONS = [
  'account__uses__device',
  'device__rev_uses__account',
  'account__pays__merchant',
  'merchant__rev_pays__account',
];
export const NODE_TYPES = { account: 16, device: 8, merchant: 12 };

/** One account per 10 edges, devices and merchants fewer. */
export function sizes(edges: number): { accounts: number; devices: number; merchants: number } {
  return {
    accounts: Math.max(10, Math.round(edges / 10)),
    devices: Math.max(5, Math.round(edges / 20)),
    merchants: Math.max(2, Math.round(edges / 200)),
  };
}

/**
 * Batch k of the stream (events 2500k..), `edges` edges each: payments, each four edges (account a
 * paid merchant m from device d; both directions of each link). Merchant popularity is skewed
 * (u^3): some merchants are hubs with tens of thousands of payers, as in payments data. Each
 * batch has its own seeded generator, so a producer can make any batch.
 */
/** A linear congruential generator: uniform in [0, 1), cheap enough to make 10M edges' ids. */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 4294967296;
  };
}

export function paymentBatch(k: number, edges: number, total: number): GraphEvent[] {
  const { accounts, devices, merchants } = sizes(total);
  const rand = lcg((Math.imul(k + 1, 0x9e3779b1) ^ 12345) >>> 0);
  const batch: GraphEvent[] = [];
  for (let i = 0, e = k * (edges / 4); i < edges / 4; i++, e++) {
    const a = `a${Math.floor(rand() * accounts)}`,
      d = `d${Math.floor(rand() * devices)}`,
      m = `m${Math.floor(rand() ** 3 * merchants)}`;
    batch.push({
      id: `pay-${e}`,
      time: 1_700_000_000 + e / 1000,
      ops: [
        { op: 'add_edge', rel: 'account__uses__device', src: a, dst: d },
        { op: 'add_edge', rel: 'device__rev_uses__account', src: d, dst: a },
        { op: 'add_edge', rel: 'account__pays__merchant', src: a, dst: m },
        { op: 'add_edge', rel: 'merchant__rev_pays__account', src: m, dst: a },
      ],
    });
  }
  return batch;
}
