import type { Model } from '../model/model.ts';
import type { Scorer } from '../schedule/scorer.ts';
import type { Thresholds } from './decisions.ts';

/** A model version the server answers with: its Scorer over the live store, and its decision thresholds. */
export interface ServedModel {
  readonly name: string;
  readonly version: string;
  readonly model: Model;
  readonly scorer: Scorer;
  readonly thresholds: Thresholds;
  readonly loadedAt: string;
}

/** The models being served, by name; the first one added answers requests that name none. */
export class ServedModels {
  private readonly byName = new Map<string, ServedModel>();
  private first?: string;

  add(m: ServedModel): void {
    this.byName.set(m.name, m);
    this.first ??= m.name;
  }

  /** The model `name` names (the default one when absent); undefined when there is none such. */
  get(name?: string): ServedModel | undefined {
    const n = name ?? this.first;
    return n === undefined ? undefined : this.byName.get(n);
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  all(): ServedModel[] {
    return [...this.byName.values()];
  }
}
