// How a suite's results read: its tables, the findings computed from them, its plots and the prose
// that says how it measures. The suite prints these tables, and the README's benchmark section is
// made from the same functions over the saved results, so no figure there is typed in by hand.
import type { Plot } from './plot.ts';
import { table } from './util.ts';

/** One graph timed on one backend: per inference, nearest-rank percentiles over `runs` timed runs. */
export interface Timed {
  readonly nodes: number;
  readonly edges: number;
  readonly backend: string;
  readonly p50_ms: number;
  readonly p99_ms: number;
  readonly runs: number;
}

export interface MdTable {
  readonly caption?: string;
  readonly header: string[];
  readonly rows: string[][];
}

export interface Report<R> {
  readonly suite: string;
  readonly title: string;
  /** How the suite measures and what its figures mean: Markdown with no measured figure in it. */
  readonly about: string;
  tables(r: R): MdTable[];
  /** Sentences computed from the results: goals met or missed, crossovers. */
  findings(r: R): string[];
  plots(r: R): Plot[];
}

export function markdown(tables: MdTable[]): string {
  return tables.map((t) => `${t.caption ? `${t.caption}\n\n` : ''}${table(t.header, t.rows)}`).join('\n\n');
}

/** Three significant figures at most, thousands separated: 0.0123, 1.23, 12.3, 1,234; '' for none. */
export function fmt(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '';
  const a = Math.abs(v);
  const digits = a === 0 || a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : Math.min(6, 2 - Math.floor(Math.log10(a)));
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** An integer with thousands separators. */
export function count(v: number): string {
  return Math.round(v).toLocaleString('en-US');
}
