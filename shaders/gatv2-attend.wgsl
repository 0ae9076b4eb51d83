// GATv2 logits (PyG nn/conv/gatv2_conv.py), one invocation per (slot, head):
// e = Σ_c att[h,c] · leaky_relu(xl[col] + xr[row] + eproj[eid])[h,c]. The softmax and aggregation
// are gat-attend's `aggregate` and `hub` on these logits. `logits4` (C % 4 == 0) reads vec4s: a
// quarter of the loads, which dominate on SwiftShader (5k nodes, 55k slots, H=4, C=16: 92 -> 72 ms
// on 2 × AMD EPYC, 2 cores, 25 Nov 2026).
override WG: u32 = 64;

override HAS_EDGE: bool;

struct Params { numDst: u32, H: u32, C: u32, colOff: u32, eidOff: u32, rowOff: u32, nnz: u32, slope: f32 }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> csr: array<u32>;
@group(0) @binding(2) var<storage, read> xl: array<f32>;
@group(0) @binding(3) var<storage, read_write> logit: array<f32>;
@group(0) @binding(4) var<storage, read> xr: array<f32>;
@group(0) @binding(5) var<storage, read> att: array<f32>;
@group(0) @binding(6) var<storage, read> eproj: array<f32>;
// The same inputs seen as vec4 rows, for `logits4`.
@group(0) @binding(7) var<storage, read> xl4: array<vec4<f32>>;
@group(0) @binding(8) var<storage, read> xr4: array<vec4<f32>>;
@group(0) @binding(9) var<storage, read> att4: array<vec4<f32>>;
@group(0) @binding(10) var<storage, read> eproj4: array<vec4<f32>>;

@compute @workgroup_size(WG)
fn logits(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let t = (wid.y * nwg.x + wid.x) * WG + lid;
  if (t >= p.nnz * p.H) { return; }
  let k = t / p.H;
  let h = t % p.H;
  let HC = p.H * p.C;
  let s = csr[p.colOff + k] * HC + h * p.C;
  let d = csr[p.rowOff + k] * HC + h * p.C;
  let q = csr[p.eidOff + k] * HC + h * p.C;
  var v = 0.0;
  for (var c = 0u; c < p.C; c++) {
    var z = xl[s + c] + xr[d + c];
    if (HAS_EDGE) { z += eproj[q + c]; }
    v += att[h * p.C + c] * select(z * p.slope, z, z > 0.0);
  }
  logit[t] = v;
}

@compute @workgroup_size(WG)
fn logits4(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let t = (wid.y * nwg.x + wid.x) * WG + lid;
  if (t >= p.nnz * p.H) { return; }
  let k = t / p.H;
  let h = t % p.H;
  let C4 = p.C / 4u;
  let HC4 = p.H * C4;
  let s = csr[p.colOff + k] * HC4 + h * C4;
  let d = csr[p.rowOff + k] * HC4 + h * C4;
  let q = csr[p.eidOff + k] * HC4 + h * C4;
  var v = vec4(0.0);
  for (var c = 0u; c < C4; c++) {
    var z = xl4[s + c] + xr4[d + c];
    if (HAS_EDGE) { z += eproj4[q + c]; }
    v += att4[h * C4 + c] * select(z * p.slope, z, z > vec4(0.0));
  }
  logit[t] = v.x + v.y + v.z + v.w;
}
