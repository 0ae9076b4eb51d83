// Helper, not a kernel: the fused activation epilogue, prepended to the shaders that use it.
// Codes are ACT_CODE in src/runtime/act.ts; semantics are torch's (see activate() there). The code is
// an override, not a uniform: SwiftShader runs a switch on a uniform value with every case masked in,
// so a uniform code paid for exp, tanh and erf on every element; an override folds to one case.
override ACT: u32 = 0;

// WGSL has no erf: Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7), the same formula as act.ts's erf.
fn erf_as(x: f32) -> f32 {
  let a = abs(x);
  let t = 1.0 / (1.0 + 0.3275911 * a);
  let y = 1.0 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * exp(-a * a);
  return select(y, -y, x < 0.0);
}

// tanh is clamped: |v| > 15 rounds to ±1 in f32 anyway, and some drivers' tanh overflows exp to NaN.
fn tanh_safe(v: f32) -> f32 {
  return tanh(clamp(v, -15.0, 15.0));
}

// exp(v) - 1 without the cancellation near 0: WGSL's exp is only within 3 + 2|x| ulp and log near 1
// has absolute error, so small |v| uses the Taylor series (truncation < 1e-8 relative at |v| = 0.1).
fn expm1_f(v: f32) -> f32 {
  if (abs(v) < 0.1) { return v * (1.0 + v * (0.5 + v * (1.0 / 6.0 + v * (1.0 / 24.0 + v * (1.0 / 120.0))))); }
  return exp(v) - 1.0;
}

fn activate(v: f32, param: f32) -> f32 {
  switch ACT {
    case 1u: { return select(0.0, v, v > 0.0); }
    case 2u: { return select(param * expm1_f(v), v, v > 0.0); }
    case 3u: { return select(v * param, v, v > 0.0); }
    case 4u: { return 1.0 / (1.0 + exp(-v)); }
    case 5u: { return tanh_safe(v); }
    case 6u: { return 0.5 * v * (1.0 + erf_as(v * 0.7071067811865476)); }
    case 7u: { return 0.5 * v * (1.0 + tanh_safe(0.7978845608028654 * (v + 0.044715 * v * v * v))); }
    default: { return v; }
  }
}
