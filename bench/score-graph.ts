// The scorer benchmark's graph (issue "Real-time scorer"): accounts, devices, cards, merchants and
// IPs with the reference's degrees and popularity skews, seeded, as batches of events.
import type { GraphEvent, GraphOp } from '../src/graph/index.ts';
import { lcg } from './graph-events.ts';

/** Node types and feature widths. */
export const WIDTHS = { account: 32, device: 16, card: 16, merchant: 16, ip: 8 } as const;
/** The four bipartite relations, each with a derived reverse, and account-to-account transfers: 9 edge types. */
export const EDGE_TYPES: [string, string, string][] = [
  ['account', 'uses', 'device'],
  ['device', 'rev_uses', 'account'],
  ['account', 'holds', 'card'],
  ['card', 'rev_holds', 'account'],
  ['account', 'pays', 'merchant'],
  ['merchant', 'rev_pays', 'account'],
  ['account', 'logs_in_from', 'ip'],
  ['ip', 'rev_logs_in_from', 'account'],
  ['account', 'transfers_to', 'account'],
];

/** Node counts for `accounts` accounts, in the reference's proportions (100k accounts: 60k devices, 80k cards, 10k merchants, 50k IPs). */
function counts(accounts: number): Record<keyof typeof WIDTHS, number> {
  const r = accounts / 100_000;
  return {
    account: accounts,
    device: Math.round(60_000 * r),
    card: Math.round(80_000 * r),
    merchant: Math.round(10_000 * r),
    ip: Math.round(50_000 * r),
  };
}

/** Draws from Zipf(s) over [0, n) by inverting its CDF (built once, n floats). */
class Zipf {
  private readonly cdf: Float64Array;
  constructor(n: number, s: number) {
    this.cdf = new Float64Array(n);
    let acc = 0;
    for (let k = 0; k < n; k++) {
      acc += 1 / (k + 1) ** s;
      this.cdf[k] = acc;
    }
    for (let k = 0; k < n; k++) this.cdf[k] /= acc;
  }
  draw(u: number): number {
    let lo = 0,
      hi = this.cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cdf[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function poisson(mean: number, u: () => number): number {
  const l = Math.exp(-mean);
  let k = 0,
    p = u();
  while (p > l) {
    k++;
    p *= u();
  }
  return k;
}

/** A generator of the graph's events: nodes first, then each account's edges, `batchEdges` ops a batch. */
export class ScoreGraph {
  readonly n: Record<keyof typeof WIDTHS, number>;
  private readonly u: () => number;
  private readonly devices: Zipf;
  private readonly merchants: Zipf;
  private readonly ips: Zipf;
  private readonly payees: Zipf;

  constructor(
    readonly accounts: number,
    seed = 1,
  ) {
    this.n = counts(accounts);
    this.u = lcg(seed);
    this.devices = new Zipf(this.n.device, 0.9);
    this.merchants = new Zipf(this.n.merchant, 1.0);
    this.ips = new Zipf(this.n.ip, 0.9);
    this.payees = new Zipf(this.n.account, 0.8);
  }

  /** Every node with seeded features, then every account's edges, in batches. */
  *batches(batchOps = 10_000): Generator<GraphEvent[]> {
    let ops: GraphOp[] = [];
    let seq = 0;
    const flush = (): GraphEvent[] => {
      const b = [{ id: `g-${seq++}`, time: 1_700_000_000, ops }];
      ops = [];
      return b;
    };
    for (const t of Object.keys(WIDTHS) as (keyof typeof WIDTHS)[]) {
      for (let i = 0; i < this.n[t]; i++) {
        ops.push({
          op: 'upsert_node',
          type: t,
          id: `${t[0]}${i}`,
          x: Array.from({ length: WIDTHS[t] }, () => this.u() * 2 - 1),
        });
        if (ops.length >= batchOps) yield flush();
      }
    }
    for (let a = 0; a < this.accounts; a++) {
      for (const op of this.edgesOf(a)) {
        ops.push(op);
        if (ops.length >= batchOps) yield flush();
      }
    }
    if (ops.length > 0) yield flush();
  }

  /** Account a's forward edges (reverses are derived by the store). */
  edgesOf(a: number): GraphOp[] {
    const u = this.u,
      src = `a${a}`,
      out: GraphOp[] = [];
    const add = (rel: string, dst: string) => out.push({ op: 'add_edge', rel, src, dst });
    for (let k = 1 + poisson(0.5, u); k > 0; k--) add('account__uses__device', `d${this.devices.draw(u())}`);
    for (let k = 1 + poisson(0.25, u); k > 0; k--) add('account__holds__card', `c${Math.floor(u() * this.n.card)}`);
    for (let k = poisson(10, u); k > 0; k--) add('account__pays__merchant', `m${this.merchants.draw(u())}`);
    for (let k = 1 + poisson(2, u); k > 0; k--) add('account__logs_in_from__ip', `i${this.ips.draw(u())}`);
    for (let k = poisson(2, u); k > 0; k--) add('account__transfers_to__account', `a${this.payees.draw(u())}`);
    return out;
  }

  /** A stream batch of about `edges` new edges from random accounts, at event time `time`. */
  streamBatch(edges: number, time: number, id: string): GraphEvent[] {
    const ops: GraphOp[] = [];
    while (ops.length < edges) ops.push(...this.edgesOf(Math.floor(this.u() * this.accounts)));
    return [{ id, time, ops }];
  }
}
