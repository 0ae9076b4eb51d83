// The server bench's table: a row per load, latencies in ms to the microsecond.
import type { IngestResult } from './server-ingest.ts';
import type { LoadResult } from './server-load.ts';
import { table } from './util.ts';

export interface Row {
  readonly label: string;
  readonly r: LoadResult;
  readonly ingest?: IngestResult;
}

const ms = (us: number) => us / 1000;

const errorCell = (r: LoadResult) =>
  r.errors === 0
    ? '0'
    : `${r.errors} (${Object.entries(r.byKind)
        .map(([k, v]) => `${k}: ${v}`)
        .join(', ')})`;

const HEADER = [
  'load',
  'offered/s',
  'ok',
  'errors',
  'fallbacks',
  'p50 ms',
  'p99 ms',
  'p99.9 ms',
  'max ms',
  'in-handler p99 ms',
  'events/s acked',
  'ack p99 ms',
  'targets/run',
  'client GC ms',
  'CPU cores: server/client/other',
];

export function printRows(title: string, rows: readonly Row[]): void {
  console.log(`\n${title}`);
  console.log(
    table(
      HEADER,
      rows.map(({ label, r, ingest }) => [
        label,
        String(Math.round(r.offered / r.seconds)),
        `${r.ok}/${r.offered}`,
        errorCell(r),
        String(r.fallbacks),
        ms(r.hist.percentile(0.5)),
        ms(r.hist.percentile(0.99)),
        ms(r.hist.percentile(0.999)),
        ms(r.hist.max),
        ms(r.inServer.percentile(0.99)),
        ingest
          ? `${Math.round(ingest.acked / ingest.seconds)}${ingest.errors ? ` (${ingest.errors} batches failed)` : ''}`
          : '-',
        ingest ? ms(ingest.hist.percentile(0.99)) : '-',
        r.meanRunTargets,
        r.clientGcMs,
        r.cpu ? [r.cpu.server, r.cpu.client, r.cpu.other].map((c) => c.toFixed(2)).join('/') : '-',
      ]),
    ),
  );
}
