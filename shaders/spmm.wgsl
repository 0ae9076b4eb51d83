// out[i] = act(aggr over CSR row i of ew[k]·x[col[k]] + bias); sum | mean | max, empty rows 0 (PyG
// scatter), then a conv's trailing bias and activation (`act` is prepended).
// No atomics: `main` gives each (row, 4-column chunk) one invocation and skips hub rows; `hub` gives
// each (hub row, 4 columns) a workgroup. For F % 4 == 0, `main4` and `hub4` do the same on V vec4
// columns at a time, reading x as vec4 (measured: several vec4 per invocation amortise the col load
// and the loop). Deterministic: a fixed order per lane, and partials folded in lane order.
override WG: u32 = 64;
override V: u32 = 1; // vec4 columns per `main4` invocation: 1, 2 or 4, dividing F / 4

// Which reduction, and whether slots are weighted: overrides, so SwiftShader compiles one path.
override AGGR: u32;
override HAS_W: bool;
override HAS_BIAS: bool;

struct Params { numDst: u32, F: u32, colOff: u32, hubOff: u32, numHubs: u32, hubMin: u32, param: f32 }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> csr: array<u32>;
@group(0) @binding(2) var<storage, read> x: array<f32>;
@group(0) @binding(3) var<storage, read> ew: array<f32>;
@group(0) @binding(4) var<storage, read_write> out: array<f32>;
// The same x and out seen as vec4 rows (`main4`, `hub4`, which never touch `out`: no writable alias).
@group(0) @binding(5) var<storage, read> x4: array<vec4<f32>>;
@group(0) @binding(6) var<storage, read_write> out4: array<vec4<f32>>;
// [F] (its buffer holds whole vec4s, so a tail chunk's bias[f + 3] is in the buffer and never stored).
@group(0) @binding(7) var<storage, read> bias: array<f32>;

const MAX = 2u;
const MEAN = 1u;
const LOWEST = -3.402823e+38; // identity of max for lanes that saw no slot

var<workgroup> red: array<vec4<f32>, WG>;

// Slots start+lane, start+lane+step, … of one row, for columns f..f+3.
fn partial(start: u32, end: u32, f: u32, lane: u32, step: u32) -> vec4<f32> {
  let n = p.F - f;
  var acc = select(vec4(0.0), vec4(LOWEST), AGGR == MAX);
  for (var k = start + lane; k < end; k += step) {
    var v = load4(csr[p.colOff + k] * p.F + f, n);
    if (AGGR == MAX) { acc = max(acc, v); continue; }
    if (HAS_W) { v *= ew[k]; }
    acc += v;
  }
  return acc;
}

// Columns f..f+3 of a row's result: the reduction (0 for an empty row), + bias, then the activation.
fn finish(acc: vec4<f32>, len: u32, f: u32) -> vec4<f32> {
  var v = acc;
  if (len == 0u) { v = vec4(0.0); } else if (AGGR == MEAN) { v = acc / f32(len); }
  if (HAS_BIAS) { v += vec4(bias[f], bias[f + 1u], bias[f + 2u], bias[f + 3u]); }
  return vec4(activate(v.x, p.param), activate(v.y, p.param), activate(v.z, p.param), activate(v.w, p.param));
}

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let chunks = (p.F + 3u) / 4u;
  let t = (wid.y * nwg.x + wid.x) * WG + lid;
  if (t >= p.numDst * chunks) { return; }
  let i = t / chunks;
  let f = (t % chunks) * 4u;
  let start = csr[i];
  let len = csr[i + 1u] - start;
  if (len > p.hubMin) { return; }
  store4(i * p.F + f, p.F - f, finish(partial(start, start + len, f, 0u, 1u), len, f));
}

fn fold(acc: vec4<f32>, v: vec4<f32>, w: f32) -> vec4<f32> {
  if (AGGR == MAX) { return max(acc, v); }
  if (HAS_W) { return acc + v * w; }
  return acc + v;
}

// Up to 4 vec4 columns of one row's aggregate; fields past V stay at their initial value.
struct Acc4 { a0: vec4<f32>, a1: vec4<f32>, a2: vec4<f32>, a3: vec4<f32> }

var<workgroup> red4: array<Acc4, WG>;

// Slots start+lane, start+lane+step, … of one row, for vec4 columns c..c+V-1.
fn partial4(start: u32, end: u32, c: u32, lane: u32, step: u32) -> Acc4 {
  let F4 = p.F / 4u;
  let init = select(vec4(0.0), vec4(LOWEST), AGGR == MAX);
  var r = Acc4(init, init, init, init);
  for (var k = start + lane; k < end; k += step) {
    let b = csr[p.colOff + k] * F4 + c;
    var w = 1.0;
    if (HAS_W) { w = ew[k]; }
    r.a0 = fold(r.a0, x4[b], w);
    if (V > 1u) { r.a1 = fold(r.a1, x4[b + 1u], w); }
    if (V > 2u) {
      r.a2 = fold(r.a2, x4[b + 2u], w);
      r.a3 = fold(r.a3, x4[b + 3u], w);
    }
  }
  return r;
}

// Row i's vec4 columns c..c+V-1.
fn store_acc4(i: u32, c: u32, r: Acc4, len: u32) {
  let o = i * (p.F / 4u) + c;
  out4[o] = finish(r.a0, len, c * 4u);
  if (V > 1u) { out4[o + 1u] = finish(r.a1, len, c * 4u + 4u); }
  if (V > 2u) {
    out4[o + 2u] = finish(r.a2, len, c * 4u + 8u);
    out4[o + 3u] = finish(r.a3, len, c * 4u + 12u);
  }
}

fn combine(a: vec4<f32>, b: vec4<f32>) -> vec4<f32> {
  return select(a + b, max(a, b), AGGR == MAX);
}

@compute @workgroup_size(WG)
fn main4(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let chunks = p.F / 4u / V;
  let t = (wid.y * nwg.x + wid.x) * WG + lid;
  if (t >= p.numDst * chunks) { return; }
  let i = t / chunks;
  let c = (t % chunks) * V;
  let start = csr[i];
  let end = csr[i + 1u];
  if (end - start > p.hubMin) { return; }
  store_acc4(i, c, partial4(start, end, c, 0u, 1u), end - start);
}

// A hub row, V vec4 columns per workgroup: each lane strides the row, then lane 0 folds the partials
// in order behind one barrier (SwiftShader runs a barrier by switching coroutines: a log2(WG)-step
// tree cost more than the row itself).
@compute @workgroup_size(WG)
fn hub4(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let chunks = p.F / 4u / V;
  let g = wid.y * nwg.x + wid.x;
  if (g >= p.numHubs * chunks) { return; }
  let i = csr[p.hubOff + g / chunks];
  let c = (g % chunks) * V;
  let start = csr[i];
  let end = csr[i + 1u];
  red4[lid] = partial4(start, end, c, lid, WG);
  workgroupBarrier();
  if (lid == 0u) {
    var r = red4[0];
    for (var j = 1u; j < WG; j++) {
      r = Acc4(combine(r.a0, red4[j].a0), combine(r.a1, red4[j].a1), combine(r.a2, red4[j].a2), combine(r.a3, red4[j].a3));
    }
    store_acc4(i, c, r, end - start);
  }
}

@compute @workgroup_size(WG)
fn hub(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let chunks = (p.F + 3u) / 4u;
  let g = wid.y * nwg.x + wid.x;
  if (g >= p.numHubs * chunks) { return; }
  let i = csr[p.hubOff + g / chunks];
  let f = (g % chunks) * 4u;
  let start = csr[i];
  let end = csr[i + 1u];
  red[lid] = partial(start, end, f, lid, WG);
  workgroupBarrier();
  if (lid == 0u) {
    var acc = red[0];
    for (var j = 1u; j < WG; j++) { acc = combine(acc, red[j]); }
    store4(i * p.F + f, p.F - f, finish(acc, end - start, f));
  }
}
