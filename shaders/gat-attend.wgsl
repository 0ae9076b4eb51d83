// GAT attention over CSR rows (PyG nn/conv/gat_conv.py, utils/_softmax.py).
// `aggregate`: one invocation per (row, head, 4 channels): the segment softmax (row max subtracted,
// +1e-16 on the exp-sum) fused with the weighted sum of x[col]; hub rows are skipped.
// `hub`: one workgroup per (hub row, head, 4 channels); each phase (max, exp-sum, weighted sum) is
// folded by lane 0 behind a barrier.
// With FUSED the logits are computed where they are used, leaky_relu(aSrc[col] + aDst[row] +
// aEdge[eid]): cheaper than a per-slot pass, which must find each slot's row by binary search.
// GATv2 (C-long logits) writes `logit` first, and runs these entries with FUSED = false.
override WG: u32 = 64;

override HAS_EDGE: bool = false;
override FUSED: bool;
override V: u32 = 1; // vec4 channels per `aggregate4` invocation: 1, 2 or 4, dividing C / 4

struct Params { numDst: u32, H: u32, C: u32, colOff: u32, eidOff: u32, hubOff: u32, numHubs: u32, hubMin: u32, nnz: u32, slope: f32 }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> csr: array<u32>;
@group(0) @binding(2) var<storage, read> x: array<f32>;
@group(0) @binding(3) var<storage, read> logit: array<f32>;
@group(0) @binding(4) var<storage, read_write> out: array<f32>;
@group(0) @binding(5) var<storage, read> aSrc: array<f32>;
@group(0) @binding(6) var<storage, read> aDst: array<f32>;
@group(0) @binding(7) var<storage, read> aEdge: array<f32>;
// x and out seen as vec4 rows, for `aggregate4` (C % 4 == 0), which never touches `out`.
@group(0) @binding(8) var<storage, read> x4: array<vec4<f32>>;
@group(0) @binding(9) var<storage, read_write> out4: array<vec4<f32>>;

const LOWEST = -3.402823e+38;

var<workgroup> red: array<vec4<f32>, WG>;
var<workgroup> total: vec4<f32>;

fn logit_at(k: u32, i: u32, h: u32) -> f32 {
  if (!FUSED) { return logit[k * p.H + h]; }
  var v = aSrc[csr[p.colOff + k] * p.H + h] + aDst[i * p.H + h];
  if (HAS_EDGE) { v += aEdge[csr[p.eidOff + k] * p.H + h]; }
  return select(v * p.slope, v, v > 0.0);
}

fn row_max(i: u32, start: u32, end: u32, h: u32, lane: u32, step: u32) -> f32 {
  var m = LOWEST;
  for (var k = start + lane; k < end; k += step) { m = max(m, logit_at(k, i, h)); }
  return m;
}

fn row_sum(i: u32, start: u32, end: u32, h: u32, m: f32, lane: u32, step: u32) -> f32 {
  var s = 0.0;
  for (var k = start + lane; k < end; k += step) { s += exp(logit_at(k, i, h) - m); }
  return s;
}

fn row_mix(i: u32, start: u32, end: u32, h: u32, c: u32, m: f32, sum: f32, lane: u32, step: u32) -> vec4<f32> {
  let HC = p.H * p.C;
  var acc = vec4(0.0);
  for (var k = start + lane; k < end; k += step) {
    let a = exp(logit_at(k, i, h) - m) / sum;
    acc += a * load4(csr[p.colOff + k] * HC + h * p.C + c, p.C - c);
  }
  return acc;
}

@compute @workgroup_size(WG)
fn aggregate(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let chunks = (p.C + 3u) / 4u;
  let t = (wid.y * nwg.x + wid.x) * WG + lid;
  if (t >= p.numDst * p.H * chunks) { return; }
  let i = t / (p.H * chunks);
  let h = (t / chunks) % p.H;
  let c = (t % chunks) * 4u;
  let start = csr[i];
  let end = csr[i + 1u];
  if (end - start > p.hubMin) { return; }
  var acc = vec4(0.0);
  if (end > start) {
    let m = row_max(i, start, end, h, 0u, 1u);
    acc = row_mix(i, start, end, h, c, m, row_sum(i, start, end, h, m, 0u, 1u) + 1e-16, 0u, 1u);
  }
  store4(i * p.H * p.C + h * p.C + c, p.C - c, acc);
}

// C % 4 == 0: one invocation per (row, head, V vec4 channels), so the row's max and exp-sum are
// computed once for up to 16 channels instead of once per 4, and x is read as vec4.
@compute @workgroup_size(WG)
fn aggregate4(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let C4 = p.C / 4u;
  let groups = C4 / V;
  let t = (wid.y * nwg.x + wid.x) * WG + lid;
  if (t >= p.numDst * p.H * groups) { return; }
  let i = t / (p.H * groups);
  let h = (t / groups) % p.H;
  let c = (t % groups) * V;
  let start = csr[i];
  let end = csr[i + 1u];
  if (end - start > p.hubMin) { return; }
  let HC4 = p.H * C4;
  var a0 = vec4(0.0);
  var a1 = vec4(0.0);
  var a2 = vec4(0.0);
  var a3 = vec4(0.0);
  if (end > start) {
    let m = row_max(i, start, end, h, 0u, 1u);
    let sum = row_sum(i, start, end, h, m, 0u, 1u) + 1e-16;
    for (var k = start; k < end; k++) {
      let a = exp(logit_at(k, i, h) - m) / sum;
      let b = csr[p.colOff + k] * HC4 + h * C4 + c;
      a0 += a * x4[b];
      if (V > 1u) { a1 += a * x4[b + 1u]; }
      if (V > 2u) {
        a2 += a * x4[b + 2u];
        a3 += a * x4[b + 3u];
      }
    }
  }
  let o = i * HC4 + h * C4 + c;
  out4[o] = a0;
  if (V > 1u) { out4[o + 1u] = a1; }
  if (V > 2u) {
    out4[o + 2u] = a2;
    out4[o + 3u] = a3;
  }
}

// The workgroup's sum or max of v, for every lane. One lane folds the partials in order and
// publishes the result: two barriers, not a log2(WG)-step tree (barriers are costly on SwiftShader).
fn reduce(v: vec4<f32>, lid: u32, is_max: bool) -> vec4<f32> {
  red[lid] = v;
  workgroupBarrier();
  if (lid == 0u) {
    var acc = red[0];
    for (var j = 1u; j < WG; j++) { acc = select(acc + red[j], max(acc, red[j]), is_max); }
    total = acc;
  }
  workgroupBarrier();
  return total;
}

@compute @workgroup_size(WG)
fn hub(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let chunks = (p.C + 3u) / 4u;
  let g = wid.y * nwg.x + wid.x;
  if (g >= p.numHubs * p.H * chunks) { return; }
  let i = csr[p.hubOff + g / (p.H * chunks)];
  let h = (g / chunks) % p.H;
  let c = (g % chunks) * 4u;
  let start = csr[i];
  let end = csr[i + 1u];
  let m = reduce(vec4(row_max(i, start, end, h, lid, WG)), lid, true).x;
  let sum = reduce(vec4(row_sum(i, start, end, h, m, lid, WG)), lid, false).x + 1e-16;
  let acc = reduce(row_mix(i, start, end, h, c, m, sum, lid, WG), lid, false);
  if (lid == 0u) { store4(i * p.H * p.C + h * p.C + c, p.C - c, acc); }
}
