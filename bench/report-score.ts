// The score suite's results: the Scorer under open-loop load, each load's latency percentiles.
import type { LoadResult } from './open-loop.ts';
import { latencyVsLoad, type Datum } from './plot.ts';
import { count, fmt, type MdTable, type Report } from './report.ts';

export interface LoadRow {
  readonly accounts: number;
  readonly label: string;
  readonly rate: number;
  readonly scored: number;
  readonly offered: number;
  /** Refusals by code, `overloaded 17, deadline 3`; '0' for none. */
  readonly refused: string;
  readonly p50_ms: number;
  readonly p99_ms: number;
  readonly p999_ms: number;
  readonly max_ms: number;
  readonly gc_ms: number;
  readonly targets_per_run: number;
}

export interface ScoreResult {
  readonly [key: string]: unknown;
  readonly bench: 'score';
  readonly accounts: number;
  readonly accounts_ref: number;
  readonly seconds_per_load: number;
  readonly max_rps_p99_under_8ms: number;
  readonly max_rps_p99_under_8ms_ref: number;
  readonly loads: LoadRow[];
}

export function loadRow(accounts: number, label: string, r: LoadResult): LoadRow {
  const ms = (us: number) => us / 1000;
  return {
    accounts,
    label,
    rate: r.rate,
    scored: r.scored,
    offered: r.offered,
    refused:
      Object.entries(r.refused)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') || '0',
    p50_ms: ms(r.hist.percentile(0.5)),
    p99_ms: ms(r.hist.percentile(0.99)),
    p999_ms: ms(r.hist.percentile(0.999)),
    max_ms: ms(r.hist.max),
    gc_ms: r.gcMs,
    targets_per_run: r.meanBatchTargets,
  };
}

function loadsTable(accounts: number, rows: LoadRow[], seconds: number): MdTable {
  return {
    caption: `${count(accounts)} accounts; ${seconds} s a load.`,
    header: [
      'load',
      'rate/s',
      'scored / offered',
      'refused',
      'p50 ms',
      'p99 ms',
      'p99.9 ms',
      'max ms',
      'GC ms',
      'targets/run',
    ],
    rows: rows.map((x) => [
      x.label,
      count(x.rate),
      `${count(x.scored)} / ${count(x.offered)}`,
      x.refused,
      fmt(x.p50_ms),
      fmt(x.p99_ms),
      fmt(x.p999_ms),
      fmt(x.max_ms),
      fmt(x.gc_ms),
      fmt(x.targets_per_run),
    ]),
  };
}

/** One-target loads at [10, 5] on one backend: the latency against offered load the plot draws. */
const SINGLE = /^1 target \[10, 5\] (cpu|auto|webgpu)$/;

export const scoreReport: Report<ScoreResult> = {
  suite: 'score',
  title: 'Scorer under load',
  about: `\`npm run bench -- score [--accounts N] [--seconds S]\`: the reference's graph shape (100k accounts
with 32 features, devices, cards, merchants and IPs with Zipf-skewed links; the four \`rev_\` relations
derived) and the same shape at 1M accounts, each in a \`DurableStore\`, seeded; a 2-layer
\`HeteroConv(SAGEConv)\` (hidden 64, relu) then \`Linear(64, 1)\` and sigmoid on accounts; 10k edges/s
streaming in (a batch every 10 ms) while requests are offered open-loop (Poisson arrivals,
latency from each request's scheduled time, so a stall is charged for every request it delays;
microsecond histogram, nearest rank). Each graph gets 1 and 64 targets a request at 100, 1,000 and
5,000 requests a second on \`cpu\`, \`auto\` and \`webgpu\` (WebGPU last: SwiftShader winding down after
its loads disturbed the loads after them), [25, 10] fanouts, two \`maxWaitMs\` settings, a rising-rate
sweep for the highest rate with p99 under 8 ms, and two devices. Each load starts on a settled
store and a collected heap (\`--expose-gc\`): without it, an overloaded load's thousands of refused
requests came due as scavenges in the next load's first second. A load past capacity is answered
with refusals, counted.

What limits these figures, from profiles of the same workload on the 2-core machine: a one-target
score is sampling (cache misses in adjacency and feature rows: the graph is far larger than the
caches), the model (about half of it scalar GEMMs in JavaScript) and the scorer; p99 is queueing
behind Poisson bursts, the stream's applies and scavenges, not the request's own work. A 64-target
request samples and runs a few thousand nodes, more than 100 a second leave time for, so that load
is over capacity and the queue refuses part of it. On SwiftShader, WebGPU beats the CPU twin on no
batch a run holds, so \`auto\` runs on the CPU and two devices share the same two cores. On a real
GPU (not measured here) a run's cost is mostly fixed (the submit, the readback's round trip): a
second device's queue overlaps the first's waits, and the crossover moves down to the batch where
that fixed cost is below the CPU's arithmetic; both are \`ScorerConfig\` settings (\`webgpu: [a, b]\`,
\`crossoverNodes\`), and this suite measures both.`,
  tables: (r) => {
    const graphs = [r.accounts_ref, r.accounts];
    return graphs.map((a) =>
      loadsTable(
        a,
        r.loads.filter((x) => x.accounts === a),
        r.seconds_per_load,
      ),
    );
  },
  findings: (r) => {
    const at = (a: number, label: string, rate: number) =>
      r.loads.find((x) => x.accounts === a && x.label === label && x.rate === rate);
    const one = at(r.accounts_ref, '1 target [10, 5] auto', 1000) ?? at(r.accounts_ref, '1 target [10, 5] cpu', 1000);
    const many =
      at(r.accounts_ref, '64 targets [10, 5] auto', 100) ?? at(r.accounts_ref, '64 targets [10, 5] cpu', 100);
    const out = [
      `Highest rate with p99 under 8 ms (1 target): ${count(r.max_rps_p99_under_8ms_ref)}/s on ${count(r.accounts_ref)} accounts, ${count(r.max_rps_p99_under_8ms)}/s on ${count(r.accounts)} (goal: 5,000/s).`,
    ];
    if (one)
      out.push(
        `1 target at 1,000/s on ${count(r.accounts_ref)} accounts: p99 ${fmt(one.p99_ms)} ms, p99.9 ${fmt(one.p999_ms)} ms (goals: 0.4 and 1 ms).`,
      );
    if (many)
      out.push(
        `64 targets at 100/s: p99 ${fmt(many.p99_ms)} ms, ${many.scored} of ${many.offered} scored (goal: p99 3 ms).`,
      );
    return out;
  },
  plots: (r) => {
    const data: Datum[] = [];
    const seen = new Set<string>();
    for (const x of r.loads) {
      const backend = SINGLE.exec(x.label)?.[1];
      const key = `${x.accounts} ${backend} ${x.rate}`;
      if (!backend || seen.has(key)) continue;
      seen.add(key);
      const graph = `${count(x.accounts)} accounts`;
      data.push(
        { graph, backend, pct: 'p50', rate: x.rate, ms: x.p50_ms },
        { graph, backend, pct: 'p99', rate: x.rate, ms: x.p99_ms },
      );
    }
    return [
      {
        name: 'latency',
        title: 'Latency against offered load, 1 target a request',
        spec: latencyVsLoad('Latency percentiles against offered load (1 target, [10, 5])', data, {
          series: 'backend',
          dash: 'pct',
          facet: 'graph',
        }),
      },
    ];
  },
};
