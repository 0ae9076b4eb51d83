// Shared by tests: where the PyG reference cases are and how outputs are compared with them.
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { asMat } from '../src/tensor/access.ts';
import { compareMats, describeMismatch } from '../src/tensor/compare.ts';
import type { Mat } from '../src/tensor/mat.ts';
import { readSafetensorsFile } from '../src/tensor/io.node.ts';

/** Tolerances, relative: 1e-4 of max|expected| over the whole output, and per row 1e-3 of the row's own scale (hub sums). */
export const REL_TOL = 1e-4;
export const ROW_TOL = 1e-3;

export const FIXTURES = join(process.cwd(), '..', 'shared', 'fixtures', 'pyg');

function fixtureCases(): string[] {
  if (!existsSync(FIXTURES))
    throw new Error(`fixtures not found at ${FIXTURES}: tests expect ../shared beside the checkout`);
  return readdirSync(FIXTURES)
    .filter((d) => existsSync(join(FIXTURES, d, 'model.json')))
    .sort();
}

/** Throws with index, actual, expected and tolerance on the first mismatch; also when an output is missing or extra. */
export async function expectMatchesFile(
  out: Map<string, Mat>,
  expectedFile: string,
  relTol = REL_TOL,
  rowTol = ROW_TOL,
): Promise<void> {
  const exp = await readSafetensorsFile(expectedFile);
  const want = [...exp.tensors.keys()].sort();
  const got = [...out.keys()].sort();
  if (want.join() !== got.join()) throw new Error(`outputs ${got.join(', ')}, expected ${want.join(', ')}`);
  for (const k of want) {
    const e = asMat(exp, k);
    const m = compareMats(out.get(k)!, e, relTol, rowTol);
    if (m) throw new Error(describeMismatch(k, m, out.get(k), e));
  }
}

/** Same rule between two outputs (GPU vs its CPU twin). */
export function expectClose(name: string, actual: Mat, expected: Mat, relTol = REL_TOL, rowTol = ROW_TOL): void {
  const m = compareMats(actual, expected, relTol, rowTol);
  if (m) throw new Error(describeMismatch(name, m, actual, expected));
}

/** Weft's own PyG cases (tools/make_cases.py): options the shared fixtures do not cover. */
const OWN_CASES = join(process.cwd(), 'test', 'cases');

/** Every reference case folder: the shared fixtures, then Weft's own. */
export function allCaseDirs(): { name: string; dir: string }[] {
  const own = readdirSync(OWN_CASES)
    .filter((d) => existsSync(join(OWN_CASES, d, 'model.json')))
    .sort();
  return [
    ...fixtureCases().map((c) => ({ name: c, dir: join(FIXTURES, c) })),
    ...own.map((c) => ({ name: `own/${c}`, dir: join(OWN_CASES, c) })),
  ];
}
