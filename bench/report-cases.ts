// The cases suite's results: every fixture model, p50 / p99 per inference on each backend.
import { bars } from './plot.ts';
import { count, fmt, type Report, type Timed } from './report.ts';

export interface CaseRow extends Timed {
  readonly case: string;
}

export interface CasesResult {
  readonly bench: 'cases';
  readonly machine: string;
  readonly backends: Record<string, string>;
  readonly warmups: number;
  readonly rows: CaseRow[];
}

const names = (r: CasesResult) => [...new Set(r.rows.map((x) => x.case))];
const at = (r: CasesResult, c: string, b: string) => r.rows.find((x) => x.case === c && x.backend === b);

export const casesReport: Report<CasesResult> = {
  suite: 'cases',
  title: 'Fixture models',
  about: `\`npm run bench -- cases\`: every model in \`shared/fixtures/pyg\` (PyG's layers on graphs of up to a
few thousand nodes with their odd corners: a 2,000-edge hub, isolated nodes, no edges) on each
backend, milliseconds per inference with the model loaded and the graph in memory; for WebGPU the
upload, compute and readback a caller waits for. Warm-ups first, then at least 20 runs and a second
(5 runs and 0.1 s with \`--quick\`; the count is in the table); p50 and p99 by nearest rank. The
cases are small (up to 3k nodes), so on SwiftShader a WebGPU run is mostly its fixed cost: the
submit, the map's round trip and SwiftShader's threads waking; the scale suite shows where it
stops being so.`,
  tables: (r) => {
    const backends = Object.keys(r.backends);
    const both = backends.includes('cpu') && backends.includes('webgpu');
    return [
      {
        caption: `Milliseconds per inference; ${r.warmups} warm-ups, then the runs counted.`,
        header: [
          'case',
          'nodes',
          'edges',
          ...backends.flatMap((b) => [`${b} p50`, `${b} p99`, `${b} runs`]),
          ...(both ? ['webgpu / cpu'] : []),
        ],
        rows: names(r).map((c) => {
          const first = r.rows.find((x) => x.case === c)!;
          const cells = backends.flatMap((b) => {
            const x = at(r, c, b);
            return x ? [fmt(x.p50_ms), fmt(x.p99_ms), count(x.runs)] : ['', '', ''];
          });
          const [cpu, gpu] = [at(r, c, 'cpu'), at(r, c, 'webgpu')];
          const ratio = cpu && gpu ? [fmt(gpu.p50_ms / cpu.p50_ms)] : [];
          return [c, count(first.nodes), count(first.edges), ...cells, ...(both ? ratio : [])];
        }),
      },
    ];
  },
  findings: (r) => {
    const cs = names(r).filter((c) => at(r, c, 'cpu') && at(r, c, 'webgpu'));
    if (cs.length === 0) return [];
    const faster = cs.filter((c) => at(r, c, 'webgpu')!.p50_ms < at(r, c, 'cpu')!.p50_ms);
    return [
      `WebGPU's p50 beats the CPU backend's on ${faster.length} of ${cs.length} cases${faster.length ? ` (${faster.join(', ')})` : ''}.`,
    ];
  },
  plots: (r) => [
    {
      name: 'p50',
      title: 'p50 per inference, each case and backend',
      spec: bars(
        'p50 per inference (ms, log scale)',
        r.rows.map((x) => ({ case: x.case, backend: x.backend, ms: x.p50_ms })),
        { field: 'case', title: null },
        { field: 'ms', title: 'ms', log: true },
        'backend',
        { grouped: true },
      ),
    },
  ],
};
