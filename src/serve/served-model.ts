import type { Model } from '../model/model.ts';
import type { Scorer } from '../schedule/scorer.ts';
import type { Thresholds } from './decisions.ts';
import type { Route } from './routing.ts';

/** A model version the server can answer with: its Scorer over the live store, and its decision thresholds. */
export interface ServedModel {
  readonly name: string;
  readonly version: string;
  readonly model: Model;
  readonly scorer: Scorer;
  readonly thresholds: Thresholds;
  readonly loadedAt: string;
  /** The directory it was loaded from. */
  readonly source: string;
}

export interface RetiredVersion {
  readonly version: string;
  readonly source: string;
  readonly loadedAt: string;
  readonly retiredAt: string;
}

export type VersionState = 'live' | 'standby' | 'retired';

/**
 * One model name: its loaded versions, the live one, and its route (gray release, shadows). A swap
 * or a new route is one assignment, so a request reads either the old state or the new one, never
 * a mix: a request takes `live` and `route` once, as it starts, and finishes on what it took.
 */
export class ModelEntry {
  private readonly loaded = new Map<string, ServedModel>();
  readonly retired: RetiredVersion[] = [];
  route: Route | undefined;

  constructor(public live: ServedModel) {
    this.loaded.set(live.version, live);
  }

  get name(): string {
    return this.live.name;
  }

  version(v: string): ServedModel | undefined {
    return this.loaded.get(v);
  }

  versions(): ServedModel[] {
    return [...this.loaded.values()];
  }

  state(v: string): VersionState | undefined {
    if (v === this.live.version) return 'live';
    if (this.loaded.has(v)) return 'standby';
    return this.retired.some((r) => r.version === v) ? 'retired' : undefined;
  }

  /** Adds a loaded version; live makes it the one answering, atomically. Returns the version it replaced. */
  add(m: ServedModel, live: boolean): ServedModel | undefined {
    this.loaded.set(m.version, m);
    if (!live) return undefined;
    const before = this.live;
    this.live = m;
    return before;
  }

  /** Whether a version is live or named by the route (a split or a shadow): such a version stays loaded. */
  inUse(v: string): boolean {
    return v === this.live.version || (this.route?.uses(v) ?? false);
  }

  /** Takes a loaded version out of service (not the live one): requests can no longer reach it. */
  retire(v: string): ServedModel | undefined {
    const m = this.loaded.get(v);
    if (!m || this.inUse(v)) return undefined;
    this.loaded.delete(v);
    this.retired.push({ version: v, source: m.source, loadedAt: m.loadedAt, retiredAt: new Date().toISOString() });
    if (this.retired.length > 1000) this.retired.shift();
    return m;
  }
}

/** The models being served, by name; the first one added answers requests that name none. */
export class ServedModels {
  private readonly byName = new Map<string, ModelEntry>();
  private first?: string;

  /** A new name, `m` its live version. */
  add(m: ServedModel): ModelEntry {
    const e = new ModelEntry(m);
    this.byName.set(m.name, e);
    this.first ??= m.name;
    return e;
  }

  /** The entry `name` names (the default one when absent); undefined when there is none such. */
  entry(name?: string): ModelEntry | undefined {
    const n = name ?? this.first;
    return n === undefined ? undefined : this.byName.get(n);
  }

  /** The live version of the model `name` names (the default one when absent). */
  get(name?: string): ServedModel | undefined {
    return this.entry(name)?.live;
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  entries(): ModelEntry[] {
    return [...this.byName.values()];
  }

  /** The live version of every model. */
  all(): ServedModel[] {
    return this.entries().map((e) => e.live);
  }

  /** Every loaded version of every model, live and standby. */
  loaded(): ServedModel[] {
    return this.entries().flatMap((e) => e.versions());
  }
}
