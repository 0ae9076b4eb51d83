/** `--name value` and `--flag` parsing with errors that name the flag and what it expects. */
export interface Parsed {
  readonly values: Map<string, string>;
  readonly flags: Set<string>;
}

export function parseArgs(
  argv: readonly string[],
  valued: readonly string[],
  booleans: readonly string[] = [],
): Parsed {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.indexOf('=');
    const name = a.startsWith('--') ? a.slice(2, eq > 0 ? eq : undefined) : '';
    if (valued.includes(name)) {
      const v = eq > 0 ? a.slice(eq + 1) : argv[++i];
      if (v === undefined || (eq < 0 && v.startsWith('--'))) throw new Error(`--${name} needs a value`);
      values.set(name, v);
    } else if (booleans.includes(name) && eq < 0) {
      flags.add(name);
    } else {
      throw new Error(
        `unknown argument '${a}' (expected ${[...valued.map((v) => `--${v} VALUE`), ...booleans.map((b) => `--${b}`)].join(', ')})`,
      );
    }
  }
  return { values, flags };
}

export function required(p: Parsed, name: string, what: string): string {
  const v = p.values.get(name);
  if (v === undefined) throw new Error(`--${name} is required (${what})`);
  return v;
}
