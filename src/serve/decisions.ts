/** allow / review / block by a model's thresholds on its first score column (a fraud probability). */
export type Decision = 'allow' | 'review' | 'block';

export interface Thresholds {
  /** From this score on: review. */
  readonly review: number;
  /** From this score on: block. */
  readonly block: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { review: 0.5, block: 0.9 };

export function checkThresholds(t: Thresholds, where: string): Thresholds {
  const ok = (v: number) => typeof v === 'number' && Number.isFinite(v);
  if (!ok(t.review) || !ok(t.block) || t.review > t.block)
    throw new Error(
      `${where}: thresholds are review ${t.review}, block ${t.block}; expected numbers with review <= block`,
    );
  return t;
}

export function decide(score: number, t: Thresholds): Decision {
  return score >= t.block ? 'block' : score >= t.review ? 'review' : 'allow';
}
