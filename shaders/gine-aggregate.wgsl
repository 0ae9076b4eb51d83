// GINEConv's aggregation (PyG nn/conv/gin_conv.py): out_i = Σ_k relu(x[col_k] + e[eid_k]).
// `main`: one invocation per (row, 4 columns), hub rows skipped; `hub`: one workgroup per (hub row, 4 columns).
// `main4` (F % 4 == 0): one invocation per (row, V vec4 columns), reading x and e as vec4, as spmm's.
override WG: u32 = 64;
override V: u32 = 1; // vec4 columns per `main4` invocation: 1, 2 or 4, dividing F / 4

struct Params { numDst: u32, F: u32, colOff: u32, eidOff: u32, hubOff: u32, numHubs: u32, hubMin: u32 }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> csr: array<u32>;
@group(0) @binding(2) var<storage, read> x: array<f32>;
@group(0) @binding(3) var<storage, read> e: array<f32>;
@group(0) @binding(4) var<storage, read_write> out: array<f32>;
// The same x, e and out seen as vec4 rows (`main4` only, which never touches `out`).
@group(0) @binding(5) var<storage, read> x4: array<vec4<f32>>;
@group(0) @binding(6) var<storage, read> e4: array<vec4<f32>>;
@group(0) @binding(7) var<storage, read_write> out4: array<vec4<f32>>;

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
fn main4(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let F4 = p.F / 4u;
  let chunks = F4 / V;
  let t = (wid.y * nwg.x + wid.x) * WG + lid;
  if (t >= p.numDst * chunks) { return; }
  let i = t / chunks;
  let c = (t % chunks) * V;
  let start = csr[i];
  let end = csr[i + 1u];
  if (end - start > p.hubMin) { return; }
  var a0 = vec4(0.0);
  var a1 = vec4(0.0);
  var a2 = vec4(0.0);
  var a3 = vec4(0.0);
  for (var k = start; k < end; k++) {
    let s = csr[p.colOff + k] * F4 + c;
    let q = csr[p.eidOff + k] * F4 + c;
    a0 += max(x4[s] + e4[q], vec4(0.0));
    if (V > 1u) { a1 += max(x4[s + 1u] + e4[q + 1u], vec4(0.0)); }
    if (V > 2u) {
      a2 += max(x4[s + 2u] + e4[q + 2u], vec4(0.0));
      a3 += max(x4[s + 3u] + e4[q + 3u], vec4(0.0));
    }
  }
  let o = i * F4 + c;
  out4[o] = a0;
  if (V > 1u) { out4[o + 1u] = a1; }
  if (V > 2u) {
    out4[o + 2u] = a2;
    out4[o + 3u] = a3;
  }
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
