/** One account scored by a shadow version beside the version that answered. */
export interface ShadowComparison {
  readonly at: string;
  readonly model: string;
  readonly type: string;
  readonly id: string;
  readonly primary: { readonly version: string; readonly score: number; readonly decision: string };
  readonly shadow: { readonly version: string; readonly score: number; readonly decision: string };
  /** From the primary answer to the shadow's score, ms. */
  readonly latencyMs: number;
}
