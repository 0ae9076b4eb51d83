// F.normalize(x, p=2, dim=-1): x / max(‖x‖₂, eps) per row, one invocation per row.
override WG: u32 = 64;

struct Params { rows: u32, F: u32, eps: f32 }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let r = (wid.y * nwg.x + wid.x) * WG + lid;
  if (r >= p.rows) { return; }
  let o = r * p.F;
  var s = 0.0;
  for (var f = 0u; f < p.F; f++) { s += x[o + f] * x[o + f]; }
  let d = max(sqrt(s), p.eps);
  for (var f = 0u; f < p.F; f++) { out[o + f] = x[o + f] / d; }
}
