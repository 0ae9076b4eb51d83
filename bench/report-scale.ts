// The scale suite's results: time per inference and per edge against graph size, per backend.
import { lines, type Datum } from './plot.ts';
import { count, fmt, type MdTable, type Report, type Timed } from './report.ts';

export interface ScaleRow extends Timed {
  readonly model: string;
  readonly warmups: number;
}

export interface ScaleResult {
  readonly bench: 'scale';
  readonly machine: string;
  readonly backends: Record<string, string>;
  readonly width: number;
  readonly degree: number;
  /** Each model's PyG repr. */
  readonly models: Record<string, string>;
  readonly rows: ScaleRow[];
}

/** The goal: time per edge within 2x across the sizes. */
const FLAT = 2;
const nsPerEdge = (r: ScaleRow) => (r.p50_ms * 1e6) / r.edges;

function byModel(r: ScaleResult): Map<string, ScaleRow[]> {
  const m = new Map<string, ScaleRow[]>();
  for (const row of r.rows) m.set(row.model, [...(m.get(row.model) ?? []), row]);
  return m;
}

function table(model: string, rows: ScaleRow[], backends: string[], repr: string): MdTable {
  const sizes = [...new Set(rows.map((r) => r.nodes))];
  const at = (n: number, b: string) => rows.find((r) => r.nodes === n && r.backend === b);
  const both = backends.includes('cpu') && backends.includes('webgpu');
  return {
    caption: `${model}: \`${repr}\`; milliseconds per inference (p50 / p99), nanoseconds per edge at p50, runs timed.`,
    header: [
      'nodes',
      'edges',
      ...backends.flatMap((b) => [`${b} p50 ms`, `${b} p99 ms`, `${b} ns/edge`, `${b} runs`]),
      ...(both ? ['webgpu / cpu'] : []),
    ],
    rows: sizes.map((n) => {
      const cells = backends.flatMap((b) => {
        const r = at(n, b);
        return r ? [fmt(r.p50_ms), fmt(r.p99_ms), fmt(nsPerEdge(r)), count(r.runs)] : ['', '', '', ''];
      });
      const [c, g] = [at(n, 'cpu'), at(n, 'webgpu')];
      return [
        count(n),
        count(rows.find((r) => r.nodes === n)!.edges),
        ...cells,
        ...(both ? [c && g ? fmt(g.p50_ms / c.p50_ms) : ''] : []),
      ];
    }),
  };
}

/** Where WebGPU's p50 beats the CPU's: from some size on (the crossover), at none, or at some sizes only. */
function crossover(sizes: number[], webgpuFaster: boolean[]): string {
  const at = (want: boolean) => sizes.filter((_, i) => webgpuFaster[i] === want).map(count);
  if (!webgpuFaster.includes(true)) return 'the CPU backend is faster at every size measured.';
  const from = webgpuFaster.findIndex((f, i) => f && webgpuFaster.slice(i).every((x) => x));
  if (from >= 0) return `WebGPU is faster from ${count(sizes[from])} nodes on (the crossover).`;
  return `WebGPU is faster at ${at(true).join(', ')} nodes, the CPU backend at ${at(false).join(', ')}: no single crossover.`;
}

export const scaleReport: Report<ScaleResult> = {
  suite: 'scale',
  title: 'Scale: 1k to 1M nodes',
  about: `\`npm run bench -- scale\`: a 2-layer \`SAGEConv\` mean (relu between) and a 2-layer \`GATConv\`
(4 heads of 16 channels, concatenated; elu between), F = H = 64, seeded weights, on seeded random
graphs of 10 edges a node (uniform ends, duplicates and self loops allowed), 1k to 1M nodes. One
inference is the user's wait: features and graph uploaded, both layers, the output read back (model
loaded, graph in memory). Each size's WebGPU output is first checked against the CPU backend's;
that run is also each backend's first warm-up. Larger sizes get fewer runs (printed); percentiles
are nearest rank. Time per edge that stays flat means time grows linearly with the graph.`,
  tables: (r) => {
    const backends = Object.keys(r.backends);
    return [...byModel(r)].map(([m, rows]) => table(m, rows, backends, r.models[m]));
  },
  findings: (r) => {
    const out: string[] = [];
    for (const [m, rows] of byModel(r)) {
      for (const b of Object.keys(r.backends)) {
        const per = rows.filter((x) => x.backend === b).map(nsPerEdge);
        if (per.length < 2) continue;
        const spread = Math.max(...per) / Math.min(...per);
        const [lo, hi] = [rows[0].edges, rows[rows.length - 1].edges];
        out.push(
          `${m} on ${b}: time per edge from ${count(lo)} to ${count(hi)} edges ranges ${fmt(Math.min(...per))}-${fmt(Math.max(...per))} ns, ${fmt(spread)}x (goal: within ${FLAT}x): ${spread <= FLAT ? 'met' : 'missed'}.`,
        );
      }
      const sizes = [...new Set(rows.map((x) => x.nodes))];
      const faster = sizes.map((n) => {
        const [c, g] = ['cpu', 'webgpu'].map((b) => rows.find((x) => x.nodes === n && x.backend === b));
        return c && g ? g.p50_ms < c.p50_ms : undefined;
      });
      if (faster.includes(undefined)) continue;
      out.push(`${m}: ${crossover(sizes, faster as boolean[])}`);
    }
    return out;
  },
  plots: (r) => {
    const data: Datum[] = r.rows.map((x) => ({
      model: x.model,
      backend: x.backend,
      edges: x.edges,
      ms: x.p50_ms,
      ns: nsPerEdge(x),
    }));
    const plot = (name: string, title: string, field: string, axis: string) => ({
      name,
      title,
      spec: lines(
        title,
        data,
        { field: 'edges', title: 'edges', log: true },
        { field, title: axis, log: true },
        {
          series: 'backend',
          facet: 'model',
        },
      ),
    });
    return [
      plot('time', 'Time per inference (p50) against edges', 'ms', 'ms'),
      plot('per-edge', 'Time per edge (p50) against edges: flat is linear growth', 'ns', 'ns per edge'),
    ];
  },
};
