// a·x + b·y, or elementwise max / min of x and y: GIN's (1+eps)·x + Σ, HeteroConv's group().
// 4 elements per invocation as one vec4 (pool buffers are whole vec4s; values past n are never read back).
override WG: u32 = 64;
override OP: u32;

struct Params { n4: u32, a: f32, b: f32 }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> y: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> out: array<vec4<f32>>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let i = (wid.y * nwg.x + wid.x) * WG + lid;
  if (i >= p.n4) { return; }
  let u = x[i];
  let v = y[i];
  switch OP {
    case 1u: { out[i] = select(v, u, u > v); }
    case 2u: { out[i] = select(v, u, u < v); }
    default: { out[i] = p.a * u + p.b * v; }
  }
}
