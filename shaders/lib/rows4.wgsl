// Helpers for the row kernels (spmm, gat-attend, gine-aggregate), prepended to their modules:
// 4 columns of a row at a time, where the row may end sooner (F need not be a multiple of 4).
// Columns past the end read as 0 and are never stored. The including shader declares `x` and `out`.
fn load4(at: u32, n: u32) -> vec4<f32> {
  if (n >= 4u) { return vec4(x[at], x[at + 1u], x[at + 2u], x[at + 3u]); }
  var v = vec4(0.0);
  for (var j = 0u; j < n; j++) { v[j] = x[at + j]; }
  return v;
}

fn store4(at: u32, n: u32, v: vec4<f32>) {
  for (var j = 0u; j < min(n, 4u); j++) { out[at + j] = v[j]; }
}
