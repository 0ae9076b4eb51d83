// out = x, VPT vec4s per invocation, consecutive invocations on consecutive vec4s: the plain copy
// whose GB/s is the bandwidth ceiling the kernels are measured against (bench/ceiling.ts).
override WG: u32 = 64;
override VPT: u32 = 1;

struct Params { n4: u32 }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> out: array<vec4<f32>>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let base = (wid.y * nwg.x + wid.x) * WG * VPT + lid;
  for (var j = 0u; j < VPT; j++) {
    let i = base + j * WG;
    if (i < p.n4) { out[i] = x[i]; }
  }
}
