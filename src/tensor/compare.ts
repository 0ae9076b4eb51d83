import { asMat } from './access.ts';
import type { Mat } from './mat.ts';
import type { SafetensorsFile } from './safetensors.ts';

/**
 * The fixtures' acceptance rule: |a - e| ≤ relTol · max|expected| everywhere, and per row
 * ≤ rowTol · max(max|expected row|, 1e-2 · max|expected|) — sums at a hub make a few rows
 * large, so one global epsilon would be either too loose or too tight.
 */
export interface Mismatch {
  row: number;
  col: number;
  actual: number;
  expected: number;
  tol: number;
  rule: 'global' | 'row' | 'shape';
}

export function compareMats(actual: Mat, expected: Mat, relTol = 1e-4, rowTol = 1e-3): Mismatch | null {
  if (actual.rows !== expected.rows || actual.cols !== expected.cols) {
    return {
      row: -1,
      col: -1,
      actual: actual.rows * 1e6 + actual.cols,
      expected: expected.rows * 1e6 + expected.cols,
      tol: 0,
      rule: 'shape',
    };
  }
  let maxAbs = 0;
  for (const v of expected.data) maxAbs = Math.max(maxAbs, Math.abs(v));
  const globalTol = relTol * maxAbs;
  const C = expected.cols;
  for (let r = 0; r < expected.rows; r++) {
    let rowMax = 0;
    for (let c = 0; c < C; c++) rowMax = Math.max(rowMax, Math.abs(expected.data[r * C + c]));
    const rTol = rowTol * Math.max(rowMax, 1e-2 * maxAbs);
    for (let c = 0; c < C; c++) {
      const a = actual.data[r * C + c],
        e = expected.data[r * C + c];
      const d = Math.abs(a - e);
      if (!(d <= globalTol)) return { row: r, col: c, actual: a, expected: e, tol: globalTol, rule: 'global' };
      if (!(d <= rTol)) return { row: r, col: c, actual: a, expected: e, tol: rTol, rule: 'row' };
    }
  }
  return null;
}

export function describeMismatch(name: string, m: Mismatch, actual?: Mat, expected?: Mat): string {
  if (m.rule === 'shape')
    return `${name}: shape [${actual?.rows},${actual?.cols}], expected [${expected?.rows},${expected?.cols}]`;
  return `${name}: actual[${m.row}][${m.col}] = ${m.actual}, expected ${m.expected} (|diff| ${Math.abs(m.actual - m.expected).toExponential(2)} > ${m.rule} tol ${m.tol.toExponential(2)})`;
}

/**
 * Every output against a file of expected ones (PyG's, by name): one line per problem (missing,
 * extra, or the first mismatch of a tensor); empty when all match under compareMats's rule.
 */
export function outputProblems(out: ReadonlyMap<string, Mat>, expected: SafetensorsFile, file: string): string[] {
  const problems: string[] = [];
  for (const k of expected.tensors.keys()) {
    const got = out.get(k);
    const e = asMat(expected, k);
    const m = got ? compareMats(got, e) : null;
    if (!got) problems.push(`${k}: not produced`);
    else if (m) problems.push(describeMismatch(k, m, got, e));
  }
  for (const k of out.keys()) if (!expected.tensors.has(k)) problems.push(`${k}: produced but not in ${file}`);
  return problems;
}
