// What the adapter can do, measured in the same run as the kernels and timed the same way
// (launch-timing.ts): bandwidth, the best plain copy (ceiling-copy.ts); compute, the best GEMM tile
// (ceiling-gemm.ts). Each tries variants; the fastest one timed in full is the ceiling.
export interface Variant {
  readonly name: string;
  /** GB/s or GFLOP/s; for a variant only probed, the probe's (an underestimate). */
  readonly rate: number;
  readonly ms: number;
  readonly probed?: boolean;
}

export interface Ceiling {
  readonly unit: 'GB/s' | 'GFLOP/s';
  readonly rate: number;
  readonly best: string;
  readonly variants: Variant[];
}

export interface Budget {
  readonly trials: number;
  readonly budgetMs: number;
}

/** The fastest variant timed in full (a probed one's rate is only a lower bound). */
export function best(unit: Ceiling['unit'], variants: Variant[]): Ceiling {
  const timed = variants.filter((v) => !v.probed);
  const top = timed.reduce((a, v) => (v.rate > a.rate ? v : a), timed[0]);
  return { unit, rate: top.rate, best: top.name, variants };
}
