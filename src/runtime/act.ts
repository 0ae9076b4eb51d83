/** Activations fused into kernels' epilogues; `param` is elu's alpha or leaky_relu's negative_slope. */
export type ActKind = 'none' | 'relu' | 'elu' | 'leaky_relu' | 'sigmoid' | 'tanh' | 'gelu' | 'gelu_tanh';

export interface Act {
  readonly kind: ActKind;
  readonly param: number;
}

export const NO_ACT: Act = { kind: 'none', param: 0 };

/** The WGSL override `ACT` that shaders/lib/act.wgsl's `activate(v, param)` switches on. */
export const ACT_CODE: Record<ActKind, number> = {
  none: 0,
  relu: 1,
  elu: 2,
  leaky_relu: 3,
  sigmoid: 4,
  tanh: 5,
  gelu: 6,
  gelu_tanh: 7,
};

/**
 * erf by Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7), the same formula as the shaders', since
 * WGSL has no erf. torch's exact gelu is x/2 (1 + erf(x/√2)).
 */
export function erf(x: number): number {
  const s = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a);
  return s * y;
}

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

/** Scalar activation, torch semantics (elu: x>0 ? x : alpha*(exp(x)-1)). */
export function activate(v: number, kind: ActKind, param: number): number {
  switch (kind) {
    case 'none':
      return v;
    case 'relu':
      return v > 0 ? v : 0;
    case 'elu':
      return v > 0 ? v : param * (Math.exp(v) - 1);
    case 'leaky_relu':
      return v > 0 ? v : v * param;
    case 'sigmoid':
      return 1 / (1 + Math.exp(-v));
    case 'tanh':
      return Math.tanh(v);
    case 'gelu':
      return 0.5 * v * (1 + erf(v / Math.SQRT2));
    case 'gelu_tanh':
      return 0.5 * v * (1 + Math.tanh(SQRT_2_OVER_PI * (v + 0.044715 * v * v * v)));
  }
}

/** Apply an activation to a whole array, one loop per kind so the hot loop holds no switch. */
export function activateInPlace(a: Float32Array, { kind, param }: Act): void {
  const n = a.length;
  switch (kind) {
    case 'none':
      return;
    case 'relu':
      for (let i = 0; i < n; i++) if (a[i] < 0) a[i] = 0;
      return;
    case 'leaky_relu':
      for (let i = 0; i < n; i++) if (a[i] < 0) a[i] *= param;
      return;
    case 'elu':
      for (let i = 0; i < n; i++) if (a[i] <= 0) a[i] = param * (Math.exp(a[i]) - 1);
      return;
    default:
      for (let i = 0; i < n; i++) a[i] = activate(a[i], kind, param);
  }
}
