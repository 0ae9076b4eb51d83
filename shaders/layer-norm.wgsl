// torch.nn.LayerNorm over each row, one invocation per row: two passes as the CPU twin
// (mean, then biased variance), (x - μ) / sqrt(σ² + eps) · weight + bias.
override WG: u32 = 64;

override HAS_WEIGHT: bool;
override HAS_BIAS: bool;

struct Params { rows: u32, F: u32, eps: f32 }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> weight: array<f32>;
@group(0) @binding(3) var<storage, read> bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let r = (wid.y * nwg.x + wid.x) * WG + lid;
  if (r >= p.rows) { return; }
  let o = r * p.F;
  var mu = 0.0;
  for (var f = 0u; f < p.F; f++) { mu += x[o + f]; }
  mu /= f32(p.F);
  var v = 0.0;
  for (var f = 0u; f < p.F; f++) { let d = x[o + f] - mu; v += d * d; }
  let inv = 1.0 / sqrt(v / f32(p.F) + p.eps);
  for (var f = 0u; f < p.F; f++) {
    var y = (x[o + f] - mu) * inv;
    if (HAS_WEIGHT) { y *= weight[f]; }
    if (HAS_BIAS) { y += bias[f]; }
    out[o + f] = y;
  }
}
