// Shared by the durable store's tests: fresh directories, numbered batches that show whether they
// are there whole, and quiet opens that collect warnings.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as assert from 'uvu/assert';
import type { DurableOptions } from '../../src/graph/durable/durable-options.ts';
import { DurableStore } from '../../src/graph/durable/durable-store.node.ts';
import type { GraphEvent } from '../../src/graph/ingest/events.ts';
import { PAYS, add, ev, node, schema } from './helpers.ts';

const dirs: string[] = [];

/** A new empty directory, removed by cleanup(). */
export function fresh(prefix = 'weft-durable-test-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}

export function cleanup(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** Batch k: two edges and a feature row that all name k. */
export const batch = (k: number): GraphEvent[] => [
  ev(`e${k}`, k, add(PAYS, `a${k}`, 'm1'), add(PAYS, `a${k}`, 'm2'), node('account', `a${k}`, [k, k, k, k])),
];

/** Whether batch k is in the store; fails the test when only part of it is. */
export function present(ds: DurableStore, k: number): boolean {
  const parts = [ds.store.hasEdge(PAYS, `a${k}`, 'm1'), ds.store.hasEdge(PAYS, `a${k}`, 'm2')];
  assert.ok(parts[0] === parts[1], `batch ${k} is half there`);
  return parts[0];
}

/** The batches of 1..n that are in the store. */
export const presentOf = (ds: DurableStore, n: number): number[] =>
  Array.from({ length: n }, (_, i) => i + 1).filter((k) => present(ds, k));

export async function writeBatches(dir: string, from: number, to: number, o: DurableOptions = {}): Promise<void> {
  const ds = await DurableStore.open(dir, schema(), { background: false, ...o });
  for (let k = from; k <= to; k++) await ds.ingest(batch(k));
  await ds.close();
}

/** Open with warnings collected instead of printed. */
export async function reopen(dir: string, o: DurableOptions = {}): Promise<{ ds: DurableStore; warnings: string[] }> {
  const warnings: string[] = [];
  const ds = await DurableStore.open(dir, schema(), { background: false, warn: (m) => warnings.push(m), ...o });
  return { ds, warnings };
}

/** The error a promise rejects with; fails the test when it resolves. */
export async function rejection(p: Promise<unknown>): Promise<Error> {
  const err = await p.then(
    () => undefined,
    (e: Error) => e,
  );
  if (!err) assert.unreachable('expected a rejection');
  return err as Error;
}

/** The store's files whose names match, sorted. */
export const filesOf = (dir: string, re: RegExp): string[] =>
  readdirSync(dir)
    .filter((f) => re.test(f))
    .sort();
export const SEGMENTS = /^wal-\d+\.log$/;
export const SNAPSHOTS = /^snapshot-\d+\.bin$/;
