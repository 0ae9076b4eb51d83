// BatchNorm1d in eval, per column f: (x - running_mean) / sqrt(running_var + eps) · weight + bias.
override WG: u32 = 64;

override HAS_WEIGHT: bool;
override HAS_BIAS: bool;

struct Params { n: u32, F: u32, eps: f32 }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> mean: array<f32>;
@group(0) @binding(3) var<storage, read> variance: array<f32>;
@group(0) @binding(4) var<storage, read> weight: array<f32>;
@group(0) @binding(5) var<storage, read> bias: array<f32>;
@group(0) @binding(6) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let i = (wid.y * nwg.x + wid.x) * WG + lid;
  if (i >= p.n) { return; }
  let f = i % p.F;
  var v = (x[i] - mean[f]) / sqrt(variance[f] + p.eps);
  if (HAS_WEIGHT) { v *= weight[f]; }
  if (HAS_BIAS) { v += bias[f]; }
  out[i] = v;
}
