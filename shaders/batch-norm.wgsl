// BatchNorm1d in eval, per column f: (x - running_mean) / sqrt(running_var + eps) · weight + bias.
// 4 elements per invocation as one vec4 (pool buffers are whole vec4s; values past n are never read back).
override WG: u32 = 64;
override HAS_WEIGHT: bool;
override HAS_BIAS: bool;

struct Params { n4: u32, F: u32, eps: f32 }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> mean: array<f32>;
@group(0) @binding(3) var<storage, read> variance: array<f32>;
@group(0) @binding(4) var<storage, read> weight: array<f32>;
@group(0) @binding(5) var<storage, read> bias: array<f32>;
@group(0) @binding(6) var<storage, read_write> out: array<vec4<f32>>;

fn norm(v: f32, f: u32) -> f32 {
  var y = (v - mean[f]) / sqrt(variance[f] + p.eps);
  if (HAS_WEIGHT) { y *= weight[f]; }
  if (HAS_BIAS) { y += bias[f]; }
  return y;
}

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let i = (wid.y * nwg.x + wid.x) * WG + lid;
  if (i >= p.n4) { return; }
  let v = x[i];
  let f = (i * 4u) % p.F;
  out[i] = vec4(norm(v.x, f), norm(v.y, (f + 1u) % p.F), norm(v.z, (f + 2u) % p.F), norm(v.w, (f + 3u) % p.F));
}
