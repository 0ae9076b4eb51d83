// Helper, not a kernel: prepended to shaders that map a CSR slot back to its row. The including
// shader declares `csr: array<u32>` laid out [rowptr | col | eid | hubs] (GpuGraph in
// src/kernels/gpu-run.ts) and `p.numDst`.

// The destination row of slot k: the last i with rowptr[i] <= k (empty rows repeat a rowptr value,
// so the last one is the row that holds k). Binary search instead of a per-slot row array: no upload.
fn row_of(k: u32) -> u32 {
  var lo = 0u;
  var hi = p.numDst - 1u;
  while (lo < hi) {
    let mid = (lo + hi + 1u) / 2u;
    if (csr[mid] <= k) { lo = mid; } else { hi = mid - 1u; }
  }
  return lo;
}
