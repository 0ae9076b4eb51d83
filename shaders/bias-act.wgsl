// out = activate(x + bias[col]), bias broadcast over rows: a conv's trailing `out + self.bias`.
override WG: u32 = 64;

override HAS_BIAS: bool;

struct Params { n: u32, F: u32, param: f32 }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> bias: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let i = (wid.y * nwg.x + wid.x) * WG + lid;
  if (i >= p.n) { return; }
  var v = x[i];
  if (HAS_BIAS) { v += bias[i % p.F]; }
  out[i] = activate(v, p.param);
}
