// The server suite's results (bench/server.ts's JSON line): `weft serve` under open-loop HTTP load.
// Its keys are read by pattern, `p99_ms_at_2000rps_ingesting_demo`, so figures the suite adds later
// still reach the table of other figures without a change here.
import { latencyVsLoad, type Datum } from './plot.ts';
import { count, fmt, type Report } from './report.ts';

export type ServerResult = Readonly<Record<string, unknown>>;

const LOAD_KEY = /^(p50|p99|p999)_ms_at_(\d+)rps(_ingesting)?(_demo)?$/;
const ERRORS_KEY = /^errors_at_(\d+)rps(_ingesting)?(_demo)?$/;
/** Keys that describe the run rather than measure it. */
const ABOUT_KEYS = new Set([
  'bench',
  'machine',
  'backend',
  'backend_demo',
  'seconds_per_load',
  'events_per_s',
  'swaps_tried',
]);

interface Point {
  readonly graph: string;
  readonly rate: number;
  readonly ingesting: boolean;
  readonly pct: string;
  readonly ms: number;
}

function points(r: ServerResult): Point[] {
  const out: Point[] = [];
  for (const [k, v] of Object.entries(r)) {
    const m = LOAD_KEY.exec(k);
    if (m && typeof v === 'number')
      out.push({ graph: graphName(r, Boolean(m[4])), rate: Number(m[2]), ingesting: Boolean(m[3]), pct: m[1], ms: v });
  }
  return out;
}

function graphName(r: ServerResult, demo: boolean): string {
  const accounts = r[demo ? 'graph_accounts_demo' : 'graph_accounts'];
  return `${demo ? 'demo' : 'scorer graph'}${typeof accounts === 'number' ? ` (${count(accounts)} accounts)` : ''}`;
}

const show = (v: unknown) => (typeof v === 'number' ? fmt(v) : v === null || v === undefined ? '' : String(v));

export const serverReport: Report<ServerResult> = {
  suite: 'server',
  title: 'Scoring server under HTTP load',
  about: `\`npm run bench -- server [--accounts N] [--seconds S] [--backend B]\`: \`weft serve\` in a child
process, on the demo model's graph and on the scorer benchmark's graph, under load from the bench's
process over loopback (keep-alive). Single-target score requests arrive open-loop on a seeded
Poisson schedule paced by a worker thread; each latency runs from the request's scheduled time, so
coordinated omission is charged to the server. Loads at fixed rates without and with 10k
\`add_edge\` events a second ingested over HTTP; a rising-rate sweep for the highest rate whose p99
stays under 8 ms; freshness (an event acknowledged to the first score that reflects it); hot swaps
and a 10% shadow under load. Errors are non-2xx answers and network errors; fallbacks (a deadline
missed, answered with the last score) are counted apart.`,
  tables: (r) => {
    const pts = points(r);
    const loads = [...new Set(pts.map((p) => `${p.graph}|${p.rate}|${p.ingesting}`))];
    const at = (key: string, pct: string) =>
      pts.find((p) => `${p.graph}|${p.rate}|${p.ingesting}` === key && p.pct === pct);
    const errors = (p: Point) =>
      r[`errors_at_${p.rate}rps${p.ingesting ? '_ingesting' : ''}${p.graph.startsWith('demo') ? '_demo' : ''}`];
    const other = Object.keys(r).filter(
      (k) => !LOAD_KEY.test(k) && !ERRORS_KEY.test(k) && !ABOUT_KEYS.has(k) && !k.endsWith('_demo'),
    );
    return [
      {
        caption: `Backend ${show(r.backend)}; ${String(r.seconds_per_load)} s a load; ingest ${count(Number(r.events_per_s ?? 0))} events/s where named.`,
        header: ['graph', 'load', 'p50 ms', 'p99 ms', 'p99.9 ms', 'errors'],
        rows: loads.map((key) => {
          const p = at(key, 'p50')!;
          const [p99, p999] = [at(key, 'p99'), at(key, 'p999')];
          return [
            p.graph,
            `${count(p.rate)}/s${p.ingesting ? ' + ingest' : ''}`,
            fmt(p.ms),
            fmt(p99?.ms),
            fmt(p999?.ms),
            show(errors(p)),
          ];
        }),
      },
      {
        caption: 'Every other figure of the run, as the suite names it.',
        header: ['figure', graphName(r, false), graphName(r, true)],
        rows: other.map((k) => [k, show(r[k]), show(r[`${k}_demo`])]),
      },
    ];
  },
  findings: (r) => [
    `Highest rate with p99 under 8 ms while ingesting: ${show(r.max_rps_p99_under_8ms)}/s on the scorer graph, ${show(r.max_rps_p99_under_8ms_demo)}/s on the demo.`,
  ],
  plots: (r) => {
    const data: Datum[] = points(r).map((p) => ({
      graph: p.graph,
      pct: p.pct.replace('p999', 'p99.9'),
      load: p.ingesting ? 'with 10k events/s' : 'scores only',
      rate: p.rate,
      ms: p.ms,
    }));
    return [
      {
        name: 'latency',
        title: 'Latency against offered load',
        spec: latencyVsLoad('Latency percentiles against offered load (1 target a request)', data, {
          series: 'pct',
          dash: 'load',
          facet: 'graph',
        }),
      },
    ];
  },
};
