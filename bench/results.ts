// Where results live: bench/results/<set>/<suite>.json, its plots beside it as <suite>-<name>.svg.
// A set is one machine and adapter (`swiftshader`, `nvidia-hopper`, `…-quick` for --quick runs),
// so a GPU's set sits beside the SwiftShader one and each keeps its own machine.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MachineInfo } from './machine.ts';
import { renderSvg } from './plot-render.ts';
import type { Plot } from './plot.ts';

export const RESULTS_ROOT = fileURLToPath(new URL('./results/', import.meta.url));

export interface Saved {
  readonly suite: string;
  readonly set: string;
  readonly quick: boolean;
  /** The suite's arguments, as the runner passed them. */
  readonly args: readonly string[];
  readonly machine: MachineInfo;
  /** Wall time of the suite's process. */
  readonly seconds: number;
  /** The suite's final JSON line. */
  readonly result: Record<string, unknown>;
}

export function saveSuite(dir: string, saved: Saved): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${saved.suite}.json`);
  writeFileSync(file, `${JSON.stringify(saved, null, 1)}\n`);
  return file;
}

export async function savePlots(dir: string, suite: string, plots: readonly Plot[]): Promise<string[]> {
  const files: string[] = [];
  for (const p of plots) {
    const file = join(dir, `${suite}-${p.name}.svg`);
    writeFileSync(file, await renderSvg(p.spec));
    files.push(file);
  }
  return files;
}

/** Every set under `root` with its saved suites; full runs first, then by name. */
export function readSets(root: string): { set: string; suites: Saved[] }[] {
  if (!existsSync(root)) return [];
  const sets = readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => ({
      set: d.name,
      suites: readdirSync(join(root, d.name))
        .filter((f) => f.endsWith('.json'))
        .map((f) => JSON.parse(readFileSync(join(root, d.name, f), 'utf8')) as Saved),
    }))
    .filter((s) => s.suites.length > 0);
  const quick = (s: { suites: Saved[] }) => (s.suites.every((x) => x.quick) ? 1 : 0);
  return sets.sort((a, b) => quick(a) - quick(b) || a.set.localeCompare(b.set));
}
