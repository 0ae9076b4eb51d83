// The graph benchmark's event stream, shared by its two producers (the store's own thread, and a
// worker: graph-producer.ts), so both ingest the same graph.
import type { GraphEvent, SchemaInit } from '../src/graph/index.ts';

const RELATIONS = [
  'account__uses__device',
  'device__rev_uses__account',
  'account__pays__merchant',
  'merchant__rev_pays__account',
];
const NODE_TYPES = { account: 16, device: 8, merchant: 12 };

/**
 * What the stream's edges carry: nothing; an 8-wide attribute on payments (both directions;
 * the cost of edge data); a weight on every link (for the sampling modes that read it).
 */
export type EdgeLoad = 'plain' | 'attr8' | 'weights';

export function schemaInit(load: EdgeLoad, deriveReverse: boolean): SchemaInit {
  const init: SchemaInit = { nodeTypes: NODE_TYPES, relations: RELATIONS, deriveReverse };
  if (load === 'attr8') init.edgeAttr = { [RELATIONS[2]]: 8, [RELATIONS[3]]: 8 };
  if (load === 'weights') init.edgeWeight = Object.fromEntries(RELATIONS.map((r) => [r, true]));
  return init;
}

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

export function paymentBatch(k: number, edges: number, total: number, load: EdgeLoad = 'plain'): GraphEvent[] {
  const { accounts, devices, merchants } = sizes(total);
  const rand = lcg((Math.imul(k + 1, 0x9e3779b1) ^ 12345) >>> 0);
  const batch: GraphEvent[] = [];
  for (let i = 0, e = k * (edges / 4); i < edges / 4; i++, e++) {
    const a = `a${Math.floor(rand() * accounts)}`,
      d = `d${Math.floor(rand() * devices)}`,
      m = `m${Math.floor(rand() ** 3 * merchants)}`;
    // An amount-like weight (skewed, with ties) and attributes derived from it.
    const w = load === 'weights' ? { w: Math.round(1000 * rand() ** 2) / 10 } : {},
      amount = load === 'attr8' ? rand() * 500 : 0,
      pay = load === 'attr8' ? { attr: [amount, i % 7, k % 24, 1, amount / 100, 0, rand(), 0.5] } : w;
    batch.push({
      id: `pay-${e}`,
      time: 1_700_000_000 + e / 1000,
      ops: [
        { op: 'add_edge', rel: 'account__uses__device', src: a, dst: d, ...w },
        { op: 'add_edge', rel: 'device__rev_uses__account', src: d, dst: a, ...w },
        { op: 'add_edge', rel: 'account__pays__merchant', src: a, dst: m, ...pay },
        { op: 'add_edge', rel: 'merchant__rev_pays__account', src: m, dst: a, ...pay },
      ],
    });
  }
  return batch;
}
