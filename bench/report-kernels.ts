// The kernels suite's results: each kernel against the ceiling measured on the same adapter.
import type { Ceiling } from './ceiling.ts';
import { bars } from './plot.ts';
import { count, fmt, type Report } from './report.ts';

export interface KernelRow {
  readonly name: string;
  readonly unit: 'GB/s' | 'GFLOP/s';
  /** Per launch, the median of the trials. */
  readonly ms: number;
  readonly rate: number;
  readonly ceiling: number;
  readonly fraction: number;
  /** R of the difference (launch-timing.ts), trials timed, and every launch made, warm-ups included. */
  readonly reps: number;
  readonly trials: number;
  readonly launches: number;
}

export interface KernelsResult {
  readonly bench: 'kernels';
  readonly machine: string;
  readonly adapter: string;
  readonly tunables: Record<string, string | number>;
  readonly nodes: number;
  readonly edges: number;
  readonly width: number;
  readonly trials: number;
  readonly ceilings: { readonly bandwidth: Ceiling; readonly compute: Ceiling };
  readonly kernels: KernelRow[];
  readonly csr: { readonly build_ms: number; readonly upload_ms: number };
}

/** The goal: every kernel within 2x of its ceiling. */
const GOAL = 0.5;

export const kernelsReport: Report<KernelsResult> = {
  suite: 'kernels',
  title: 'Kernels against the adapter',
  about: `\`npm run bench -- kernels\` times every WGSL kernel on one seeded graph (10 edges a node plus a
3,000-edge hub) and sets it against two ceilings measured on the same adapter in the same run: for
bandwidth, the fastest of four plain copy kernels (\`bench/copy.wgsl\`: 64 or 256 lanes, 1 or 4 vec4s
each), timed before and after the kernels (the faster pass is kept: one pass alone can land in a
slow minute of a shared machine and flatter every kernel against it); for compute, the fastest GEMM tile (\`shaders/gemm.wgsl\`'s \`blocked4\`, \`blocked\` and \`tiled\`
entries with their tile overrides swept, at the kernels' shape and at one with 4x the K and N). A
kernel's rate is GFLOP/s for the GEMM and, for the rest, the bytes it must read and write at least,
indices included, over its time. Each time is per launch, by difference: 2R launches then a
one-row readback, minus R launches and the same readback, over R, so the submit and the map's
round trip cancel; R is doubled in a warm-up trial until R launches take 300 ms; the figure
is the median of the trials (launches counts them all). Ceilings and kernels are timed by the same
function (\`bench/launch-timing.ts\`).`,
  tables: (r) => [
    {
      caption: `${count(r.nodes)} nodes, ${count(r.edges)} edges, F = ${r.width}; ${r.trials} trials a kernel; tunables ${JSON.stringify(r.tunables)}.`,
      header: ['kernel', 'ms', 'rate', 'unit', 'ceiling', 'of ceiling', 'R', 'launches'],
      rows: r.kernels.map((k) => [
        k.name,
        fmt(k.ms),
        fmt(k.rate),
        k.unit,
        fmt(k.ceiling),
        `${fmt(k.fraction * 100)}%`,
        String(k.reps),
        String(k.launches),
      ]),
    },
    {
      caption:
        'Ceilings: every variant tried (probed: timed once, too slow to time in full; its rate is a lower bound).',
      header: ['variant', 'ms', 'rate', 'unit'],
      rows: (['bandwidth', 'compute'] as const).flatMap((c) =>
        r.ceilings[c].variants.map((v) => [
          `${v.name}${v.name === r.ceilings[c].best ? ' (best)' : ''}${v.probed ? ' (probed)' : ''}`,
          fmt(v.ms),
          fmt(v.rate),
          r.ceilings[c].unit,
        ]),
      ),
    },
    {
      header: ['CSR on the host', 'ms'],
      rows: [
        [`build (${count(r.edges)} edges)`, fmt(r.csr.build_ms)],
        ['pack, upload and one round trip', fmt(r.csr.upload_ms)],
      ],
    },
  ],
  findings: (r) => {
    const miss = r.kernels.filter((k) => k.fraction < GOAL);
    const missed = miss.map((k) => `${k.name} (${fmt(k.fraction * 100)}%)`).join(', ');
    return [
      `${r.kernels.length - miss.length} of ${r.kernels.length} kernels are within 2x of their ceiling (goal: all)${miss.length ? `; below half of it: ${missed}` : ''}.`,
    ];
  },
  plots: (r) => [
    {
      name: 'ceiling',
      title: 'Each kernel as a fraction of its ceiling',
      spec: bars(
        'Achieved / ceiling per kernel (dashed: the 2x goal)',
        r.kernels.map((k) => ({
          kernel: k.name,
          fraction: k.fraction,
          ceiling: k.unit === 'GB/s' ? 'copy (GB/s)' : 'best GEMM tile (GFLOP/s)',
        })),
        { field: 'kernel', title: null },
        { field: 'fraction', title: 'achieved / ceiling' },
        'ceiling',
        { rule: GOAL },
      ),
    },
  ],
};
