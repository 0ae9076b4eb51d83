// The graph benchmark's sampling latency: one account target per sample, after a warm-up, every
// sample timed, quantiles by nearest rank.
import type { GraphStore } from '../src/graph/index.ts';
import type { PickMode } from '../src/sample/pick.ts';
import { Sampler } from '../src/sample/sampler.ts';
import { lcg } from './graph-events.ts';
import { nearestRank } from './util.ts';

export interface Latency {
  readonly p50: number;
  readonly p99: number;
  readonly p999: number;
}

/** `samples` samples of one random known account (a seeded sequence, the same for every mode and store). */
export function sampleLatency(
  store: GraphStore,
  fanouts: number[],
  samples: number,
  mode: PickMode = 'uniform',
): Latency {
  const sampler = new Sampler(store),
    rand = lcg(12345),
    known = store.nodes.get('account')!.ids;
  const pick = (): string => known.idOf(Math.floor(rand() * known.size));
  for (let i = 0; i < 1000; i++) sampler.sample({ account: [pick()] }, { fanouts, seed: i, mode });
  const us = new Float64Array(samples);
  for (let i = 0; i < samples; i++) {
    const id = pick();
    const t0 = process.hrtime.bigint();
    sampler.sample({ account: [id] }, { fanouts, seed: i, mode });
    us[i] = Number(process.hrtime.bigint() - t0) / 1000;
  }
  us.sort();
  return { p50: nearestRank(us, 0.5), p99: nearestRank(us, 0.99), p999: nearestRank(us, 0.999) };
}
