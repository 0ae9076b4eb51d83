// GINEConv's aggregation (PyG nn/conv/gin_conv.py): out_i = Σ_k relu(x[col_k] + e[eid_k]).
// `main`: one invocation per (row, 4 columns), hub rows skipped; `hub`: one workgroup per (hub row, 4 columns).
override WG: u32 = 64;

struct Params { numDst: u32, F: u32, colOff: u32, eidOff: u32, hubOff: u32, numHubs: u32, hubMin: u32 }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> csr: array<u32>;
@group(0) @binding(2) var<storage, read> x: array<f32>;
@group(0) @binding(3) var<storage, read> e: array<f32>;
@group(0) @binding(4) var<storage, read_write> out: array<f32>;

var<workgroup> red: array<vec4<f32>, WG>;

fn msg(s: u32, q: u32, n: u32) -> vec4<f32> {
  var v = vec4(0.0);
  if (n >= 4u) {
    v = vec4(x[s], x[s + 1u], x[s + 2u], x[s + 3u]) + vec4(e[q], e[q + 1u], e[q + 2u], e[q + 3u]);
  } else {
    for (var j = 0u; j < n; j++) { v[j] = x[s + j] + e[q + j]; }
  }
  return max(v, vec4(0.0));
}

fn partial(start: u32, end: u32, f: u32, lane: u32, step: u32) -> vec4<f32> {
  var acc = vec4(0.0);
  for (var k = start + lane; k < end; k += step) {
    acc += msg(csr[p.colOff + k] * p.F + f, csr[p.eidOff + k] * p.F + f, p.F - f);
  }
  return acc;
}

fn store4(at: u32, n: u32, v: vec4<f32>) {
  for (var j = 0u; j < min(n, 4u); j++) { out[at + j] = v[j]; }
}

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let chunks = (p.F + 3u) / 4u;
  let t = (wid.y * nwg.x + wid.x) * WG + lid;
  if (t >= p.numDst * chunks) { return; }
  let i = t / chunks;
  let f = (t % chunks) * 4u;
  let start = csr[i];
  let end = csr[i + 1u];
  if (end - start > p.hubMin) { return; }
  store4(i * p.F + f, p.F - f, partial(start, end, f, 0u, 1u));
}

@compute @workgroup_size(WG)
fn hub(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let chunks = (p.F + 3u) / 4u;
  let g = wid.y * nwg.x + wid.x;
  if (g >= p.numHubs * chunks) { return; }
  let i = csr[p.hubOff + g / chunks];
  let f = (g % chunks) * 4u;
  red[lid] = partial(csr[i], csr[i + 1u], f, lid, WG);
  workgroupBarrier();
  // One lane folds the partials in order: one barrier, not log2(WG) (barriers are costly on SwiftShader).
  if (lid == 0u) {
    var acc = red[0];
    for (var j = 1u; j < WG; j++) { acc += red[j]; }
    store4(i * p.F + f, p.F - f, acc);
  }
}
