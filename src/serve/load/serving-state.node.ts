import { existsSync, readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import type { Thresholds } from '../decisions.ts';
import { Route, type RouteSpec } from '../routing.ts';
import type { ServedModels } from '../served-model.ts';
import type { VersionLoader } from './version-loader.node.ts';

interface SavedVersion {
  readonly version: string;
  readonly source: string;
  readonly thresholds: Thresholds;
}

interface SavedModel {
  readonly name: string;
  readonly live: string;
  readonly versions: readonly SavedVersion[];
  readonly route: RouteSpec | null;
}

/**
 * What the server serves (per model: its loaded versions and where they came from, the live one,
 * its route), saved after every change (to a temporary file, then renamed) so that a restart
 * serves what was served before it, not the version it was first started with.
 */
export class ServingState {
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly file: string) {}

  /** Saves the current state; saves run in order of call. */
  save(models: ServedModels): Promise<void> {
    const state: SavedModel[] = models.entries().map((e) => ({
      name: e.name,
      live: e.live.version,
      versions: e.versions().map((m) => ({ version: m.version, source: m.source, thresholds: m.thresholds })),
      route: e.route?.spec ?? null,
    }));
    const text = `${JSON.stringify({ format: 'weft-serving/1', models: state }, null, 2)}\n`;
    const tmp = `${this.file}.tmp`;
    this.writing = this.writing.then(async () => {
      await writeFile(tmp, text);
      await rename(tmp, this.file);
    });
    return this.writing;
  }

  /**
   * Loads the saved versions back into `models` (whose entries hold the versions the server was
   * started with, as version '1'), makes the saved live ones live and sets the saved routes. A
   * version that no longer loads is reported through `log` and left out; its model keeps serving.
   */
  async restore(models: ServedModels, loader: VersionLoader, log: (line: string) => void): Promise<void> {
    if (!existsSync(this.file)) return;
    let saved: SavedModel[];
    try {
      saved = JSON.parse(readFileSync(this.file, 'utf8')).models;
    } catch (e) {
      log(`${this.file}: not readable (${(e as Error).message}); serving the models given on the command line`);
      return;
    }
    for (const s of saved) {
      for (const v of s.versions) {
        const entry = models.entry(s.name);
        if (entry?.state(v.version) !== undefined && entry.version(v.version)?.source === v.source) continue;
        try {
          const { served } = await loader.load(s.name, v.version, v.source, v.thresholds);
          if (entry) entry.add(served, v.version === s.live);
          else models.add(served);
        } catch (e) {
          log(`could not restore ${s.name} version ${v.version} from ${v.source}: ${(e as Error).message}`);
        }
      }
      const entry = models.entry(s.name);
      if (!entry) continue;
      if (s.route)
        try {
          entry.route = new Route(s.name, s.route, (v) => entry.version(v) !== undefined);
        } catch (e) {
          log(`could not restore the route of ${s.name}: ${(e as Error).message}`);
        }
      for (const m of entry.versions())
        if (!s.versions.some((v) => v.version === m.version)) {
          const old = entry.retire(m.version);
          if (old) await loader.release(old);
        }
      log(`serving ${s.name} version ${entry.live.version}${entry.route ? ' with its route' : ''} (restored)`);
    }
  }
}
