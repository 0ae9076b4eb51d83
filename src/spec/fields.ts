/**
 * Checked access to one layer spec of model.json. Every error names where the layer is
 * (e.g. `layers[2] (SAGEConv 'conv2')`), the field, the value and what was expected.
 */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** A JSON object, else an error naming where it was expected. */
export function asObject(v: Json | undefined, where: string): { [k: string]: Json } {
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    throw new Error(`${where}: expected an object, got ${JSON.stringify(v)}`);
  return v;
}

/** Fields that describe but never change the math (exporter notes, training-only options). */
const INFORMATIONAL = new Set([
  'op',
  'key',
  'note',
  'impl',
  'built_with',
  'cached',
  'train_eps',
  'eps_init',
  'is_sorted',
  'uses_edge_weight',
  'node_dim',
  'decomposed_layers',
]);

export class Fields {
  private readonly seen = new Set<string>();

  constructor(
    readonly obj: { [k: string]: Json },
    readonly where: string,
  ) {}

  fail(field: string, expected: string): never {
    throw new Error(`${this.where}: field '${field}' is ${JSON.stringify(this.obj[field])}, expected ${expected}`);
  }

  has(field: string): boolean {
    return this.obj[field] !== undefined;
  }

  raw(field: string): Json | undefined {
    this.seen.add(field);
    return this.obj[field];
  }

  int(field: string, dflt?: number): number {
    const v = this.raw(field) ?? dflt;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) this.fail(field, 'a non-negative integer');
    return v;
  }

  optInt(field: string): number | null {
    const v = this.raw(field);
    if (v === undefined || v === null) return null;
    if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) this.fail(field, 'a positive integer or null');
    return v;
  }

  num(field: string, dflt?: number): number {
    const v = this.raw(field) ?? dflt;
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(field, 'a finite number');
    return v;
  }

  bool(field: string, dflt?: boolean): boolean {
    const v = this.raw(field) ?? dflt;
    if (typeof v !== 'boolean') this.fail(field, 'true or false');
    return v;
  }

  str<S extends string>(field: string, allowed: readonly S[], dflt?: S): S {
    const v = this.raw(field) ?? dflt;
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
      this.fail(field, `one of ${allowed.map((a) => `'${a}'`).join(', ')}`);
    }
    return v as S;
  }

  /** `in_channels` as PyG takes it: an int, or [src, dst] for bipartite message passing. */
  channels(field: string): [number, number] {
    const v = this.raw(field);
    if (typeof v === 'number' && Number.isInteger(v) && v > 0) return [v, v];
    if (Array.isArray(v) && v.length === 2 && v.every((c) => typeof c === 'number' && Number.isInteger(c) && c > 0))
      return [v[0] as number, v[1] as number];
    this.fail(
      field,
      'a positive integer or [src, dst] channels (-1, lazy, is not supported: export after a forward pass)',
    );
  }

  /** Only the values a fixed option may take: anything else is unsupported and says so. */
  only(field: string, allowed: readonly Json[], what: string): void {
    const v = this.raw(field);
    if (v === undefined) return;
    if (!allowed.some((a) => JSON.stringify(a) === JSON.stringify(v))) {
      throw new Error(`${this.where}: field '${field}' = ${JSON.stringify(v)} is not supported (${what})`);
    }
  }

  /** After reading: a field the layer never read is unknown and might change the math, so it is an error. */
  done(): void {
    for (const k of Object.keys(this.obj)) {
      if (!this.seen.has(k) && !INFORMATIONAL.has(k)) {
        throw new Error(
          `${this.where}: unknown field '${k}' = ${JSON.stringify(this.obj[k])}; Weft does not know what it changes, so it refuses the model`,
        );
      }
    }
  }
}
