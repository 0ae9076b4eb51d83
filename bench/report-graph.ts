// The graph suite's results: the store's ingest rate, memory per edge, sampling latency, recovery.
import { count, fmt, type Report } from './report.ts';

export interface GraphResult {
  readonly [key: string]: unknown;
  readonly bench: 'graph';
  readonly edges: number;
  readonly batch_edges: number;
  readonly in_flight: number;
  readonly reverse: string;
  readonly accounts: number;
  readonly devices: number;
  readonly merchants: number;
  readonly ingest_edges_per_s: number;
  readonly ingest_one_thread_edges_per_s: number;
  readonly ingest_one_thread_store_edges_per_s: number;
  readonly one_thread_generation_s: number;
  readonly bytes_per_edge: number;
  readonly rss_bytes_per_edge: number;
  readonly sample_p50_us_10_5: number;
  readonly sample_p99_us_10_5: number;
  readonly sample_p999_us_10_5: number;
  readonly sample_p50_us_25_10: number;
  readonly sample_p99_us_25_10: number;
  readonly sample_p999_us_25_10: number;
  readonly recovery_s: number;
  readonly recovery_replayed_batches: number;
  readonly attr8_edges_per_s: number;
  readonly attr8_bytes_per_edge: number;
  readonly attr8_sample_p99_us: number;
  readonly attr8_extra_bytes_per_payment: number;
  readonly weights_sample_p99_us_uniform: number;
  readonly weights_sample_p99_us_top: number;
  readonly weights_sample_p99_us_weighted: number;
}

/** The issue's goals for edge data: the 8-wide attribute (32 bytes) costs under 25% of ingest; the weight modes' p99 within 1.5x of uniform's. */
const ATTR8_INGEST_COST = 0.25;
const ATTR8_BYTES = 32;
const MODE_P99_RATIO = 1.5;

const ingestCost = (r: GraphResult) => 1 - r.attr8_edges_per_s / r.ingest_edges_per_s;
const modeRatio = (r: GraphResult, p99: number) => p99 / r.weights_sample_p99_us_uniform;

const rate = (v: number) => `${count(v / 1000)}k`;

export const graphReport: Report<GraphResult> = {
  suite: 'graph',
  title: 'Graph store',
  about: `\`npm run bench -- graph [--edges N] [--reverse-apart]\`: a payments graph (accounts, devices and
merchants with skewed popularity; 10M edges by default) ingested in 10k-edge batches with the
write-ahead log fsynced before each batch is acknowledged and four batches in flight. Every payment
writes both directions of its links, and the schema derives \`rev_uses\` and \`rev_pays\` from \`uses\`
and \`pays\` (\`deriveReverse\`). The plain stream is ingested twice: first as a stream consumer would feed
it (a worker thread builds, validates and encodes each batch with \`EventEncoder\`; the store's thread
checks the bytes, logs and applies them: \`ingestEncoded\`), then with everything on the store's
thread. Memory is the JS heap plus the store's typed arrays at full capacity; RSS growth is the
process's (\`npm run bench\` sets glibc's \`MALLOC_MMAP_THRESHOLD_=131072\`, so freed large arrays go
back to the OS). Sampling latencies are every sample's, sorted, by nearest rank; recovery reopens
the store from its snapshot and the log's tail.

Edge data, in the same process: the stream again (producer on a worker) with every payment
carrying an 8-wide attribute (\`edgeAttr\`, 32 bytes a payment, both directions sharing it), beside
the plain run (its memory counted as the plain run's is: arrays at capacity, so the attribute
column's last 65,536-slot chunk counts whole); and once more with a weight on every link, sampled
from the same accounts in each mode: \`uniform\`, \`top\` (the heaviest in-edges: merged rows are
kept heaviest first, so a merchant hub costs about k reads plus its unmerged tail) and
\`weighted\` (drawn by rejection under the largest weight).

The store's thread is the limit of ingest: at millions of edges most of its time is cache misses
in interning ids and applying edges (id tables, identity hashes and the two indexes of each
relation, each far larger than the caches). Merges and table growth run on a worker; what that buys
is the event loop (shorter stalls while ingesting), not throughput. Sampling's p99.9 sits on a
threshold: V8 scavenges of about a millisecond come once every thousand or so samples, so it reads
a scavenge or not.`,
  tables: (r) => [
    {
      caption: `${count(r.edges)} edges (${count(r.accounts)} accounts, ${count(r.devices)} devices, ${count(r.merchants)} merchants), ${count(r.batch_edges)}-edge batches, ${r.in_flight} in flight, reverse relations ${r.reverse}.`,
      header: ['figure', 'value', 'goal'],
      rows: [
        ['ingest, edges/s (producer thread)', rate(r.ingest_edges_per_s), '1M'],
        [
          `ingest, edges/s (one thread, ${fmt(r.one_thread_generation_s)} s of it building events)`,
          rate(r.ingest_one_thread_edges_per_s),
          '',
        ],
        ["ingest, edges/s (one thread, the store's part)", rate(r.ingest_one_thread_store_edges_per_s), ''],
        ['bytes per edge (heap + store arrays)', fmt(r.bytes_per_edge), '≤ 40'],
        ['RSS growth, bytes per edge', fmt(r.rss_bytes_per_edge), ''],
        [
          'sample p50 / p99 / p99.9 µs, fanouts [10, 5]',
          `${fmt(r.sample_p50_us_10_5)} / ${fmt(r.sample_p99_us_10_5)} / ${fmt(r.sample_p999_us_10_5)}`,
          'p99 < 100',
        ],
        [
          'sample p50 / p99 / p99.9 µs, fanouts [25, 10]',
          `${fmt(r.sample_p50_us_25_10)} / ${fmt(r.sample_p99_us_25_10)} / ${fmt(r.sample_p999_us_25_10)}`,
          '',
        ],
        [`recovery, s (snapshot + ${r.recovery_replayed_batches} batches of log)`, fmt(r.recovery_s), ''],
      ],
    },
    {
      caption: `Payments with an 8-wide attribute beside the plain run (the same ${count(r.edges)} edges, producer on a worker).`,
      header: ['figure', 'plain', 'attr8', 'goal'],
      rows: [
        [
          'ingest, edges/s',
          rate(r.ingest_edges_per_s),
          `${rate(r.attr8_edges_per_s)} (${ingestCost(r) >= 0 ? '−' : '+'}${fmt(100 * Math.abs(ingestCost(r)))}%)`,
          `cost < ${100 * ATTR8_INGEST_COST}%`,
        ],
        [
          'bytes per edge (heap + store arrays)',
          fmt(r.bytes_per_edge),
          `${fmt(r.attr8_bytes_per_edge)} (+${fmt(r.attr8_extra_bytes_per_payment)} a payment)`,
          `+ ≤ ${ATTR8_BYTES} a payment`,
        ],
        ['sample p99 µs, fanouts [10, 5]', fmt(r.sample_p99_us_10_5), fmt(r.attr8_sample_p99_us), ''],
      ],
    },
    {
      caption: 'Sampling modes on the stream with a weight on every link: p99 µs, fanouts [10, 5].',
      header: ['mode', 'p99 µs', 'vs uniform', 'goal'],
      rows: [
        ['uniform', fmt(r.weights_sample_p99_us_uniform), '1', ''],
        ...(['top', 'weighted'] as const).map((m) => {
          const p99 = r[`weights_sample_p99_us_${m}`];
          return [m, fmt(p99), `${fmt(modeRatio(r, p99))}x`, `≤ ${MODE_P99_RATIO}x`];
        }),
      ],
    },
  ],
  findings: (r) => [
    `Ingest ${r.ingest_edges_per_s >= 1e6 ? 'meets' : 'misses'} 1M edges/s; memory ${r.bytes_per_edge <= 40 ? 'meets' : 'misses'} 40 bytes per edge; sampling p99 ${r.sample_p99_us_10_5 < 100 ? 'meets' : 'misses'} 100 µs.`,
    `The 8-wide attribute ${ingestCost(r) < ATTR8_INGEST_COST ? 'meets' : 'misses'} its ingest goal (${fmt(100 * ingestCost(r))}% slower, goal under ${100 * ATTR8_INGEST_COST}%) and ${r.attr8_extra_bytes_per_payment <= ATTR8_BYTES ? 'meets' : 'misses'} its memory goal (${fmt(r.attr8_extra_bytes_per_payment)} bytes more a payment, goal ${ATTR8_BYTES}).`,
    `Sampling p99 in 'top' is ${fmt(modeRatio(r, r.weights_sample_p99_us_top))}x uniform's and in 'weighted' ${fmt(modeRatio(r, r.weights_sample_p99_us_weighted))}x (goal: within ${MODE_P99_RATIO}x).`,
  ],
  plots: () => [],
};
