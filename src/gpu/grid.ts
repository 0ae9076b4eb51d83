/**
 * Workgroup counts for a 1-D launch of `groups` workgroups: past maxComputeWorkgroupsPerDimension the
 * launch folds into y (shaders index by wid.y * nwg.x + wid.x and guard the tail), else it throws.
 */
export function grid(groups: number, maxDim: number, stem: string): [number, number] {
  if (groups <= maxDim) return [groups, 1];
  const y = Math.ceil(groups / maxDim);
  if (y > maxDim)
    throw new Error(`${stem}: ${groups} workgroups exceed ${maxDim}x${maxDim} (maxComputeWorkgroupsPerDimension)`);
  return [maxDim, y];
}
