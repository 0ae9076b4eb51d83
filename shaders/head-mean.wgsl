// [N, H·C] → [N, C], the mean over heads (GAT's concat=False), one invocation per output element.
override WG: u32 = 64;

struct Params { rows: u32, H: u32, C: u32 }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let i = (wid.y * nwg.x + wid.x) * WG + lid;
  if (i >= p.rows * p.C) { return; }
  let r = i / p.C;
  let c = i % p.C;
  var s = 0.0;
  for (var h = 0u; h < p.H; h++) { s += x[r * p.H * p.C + h * p.C + c]; }
  out[i] = s / f32(p.H);
}
