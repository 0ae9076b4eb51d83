import type { Shape2 } from './ops.ts';

/** Validation at the dispatcher boundary, before any GPU work: errors name the kernel, the field, the value and what was expected. */
export function expectShape(
  stem: string,
  field: string,
  t: Shape2,
  rows: number | null,
  cols: number | null,
  why: string,
): void {
  if ((rows !== null && t.rows !== rows) || (cols !== null && t.cols !== cols)) {
    throw new Error(
      `${stem}: '${field}' is [${t.rows},${t.cols}], expected [${rows ?? t.rows},${cols ?? t.cols}] (${why})`,
    );
  }
}

/** Workgroup size of the one-invocation-per-item kernels, and the workgroups that cover `threads` items. */
export const WG = 64;
export function groupsFor(threads: number): number {
  return Math.ceil(threads / WG);
}
