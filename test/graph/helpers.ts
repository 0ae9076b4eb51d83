// Shared by graph and sampler tests: a small fraud schema and event builders.
import { makeSchema, type Schema } from '../../src/graph/base/schema.ts';
import type { GraphEvent, GraphOp } from '../../src/graph/ingest/events.ts';

export const USES = 'account__uses__device';
export const REV_USES = 'device__rev_uses__account';
export const PAYS = 'account__pays__merchant';
export const REV_PAYS = 'merchant__rev_pays__account';

/** account (4 features), device (2), merchant (3); `uses` edges expire after 100 s. deriveReverse: see SchemaInit. */
export function schema(ttl: Record<string, number> = { [USES]: 100 }, deriveReverse = false): Schema {
  return makeSchema({
    nodeTypes: { account: 4, device: 2, merchant: 3 },
    relations: [USES, REV_USES, PAYS, REV_PAYS],
    ttl,
    deriveReverse,
  });
}

export const add = (rel: string, src: string, dst: string): GraphOp => ({ op: 'add_edge', rel, src, dst });
export const del = (rel: string, src: string, dst: string): GraphOp => ({ op: 'delete_edge', rel, src, dst });
export const node = (type: string, id: string, x: number[]): GraphOp => ({ op: 'upsert_node', type, id, x });
export const ev = (id: string, time: number, ...ops: GraphOp[]): GraphEvent => ({ id, time, ops });

/** A seeded linear congruential generator of integers in [0, n). */
export function lcg(seed: number): (n: number) => number {
  let s = seed;
  return (n) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s >>> 8) % n;
  };
}

/** Crash-test batch k: 12 edges and a feature row that all name k, so a partial batch is visible as such. */
export function crashBatch(k: number): GraphEvent[] {
  const events: GraphEvent[] = [];
  for (let i = 0; i < 4; i++)
    events.push(
      ev(`k${k}-${i}`, k, add(PAYS, `a${k}`, `m${i}`), add(REV_PAYS, `m${i}`, `a${k}`), add(USES, `a${k}`, `d${i}`)),
    );
  events.push(ev(`k${k}-x`, k, node('account', `a${k}`, [k, k + 1, k + 2, k + 3])));
  return events;
}
