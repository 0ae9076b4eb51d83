// out = activate(x + bias[col]), bias broadcast over rows: a conv's trailing `out + self.bias`.
// 4 elements per invocation as one vec4 (pool buffers are whole vec4s; values past n are never read back).
override WG: u32 = 64;
override HAS_BIAS: bool;

struct Params { n4: u32, F: u32, param: f32 }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> bias: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<vec4<f32>>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let i = (wid.y * nwg.x + wid.x) * WG + lid;
  if (i >= p.n4) { return; }
  var v = x[i];
  if (HAS_BIAS) {
    let f = (i * 4u) % p.F;
    v += vec4(bias[f], bias[(f + 1u) % p.F], bias[(f + 2u) % p.F], bias[(f + 3u) % p.F]);
  }
  out[i] = vec4(activate(v.x, p.param), activate(v.y, p.param), activate(v.z, p.param), activate(v.w, p.param));
}
