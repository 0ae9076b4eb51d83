import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { LEGACY_SNAPSHOT, listStore } from './files.ts';
import { syncDir } from './snapshot.node.ts';

/** A snapshot file that was written and verified, or loaded: its name and last batch. */
export interface Kept {
  readonly name: string;
  readonly seq: number;
}

/**
 * Remove what recovery can no longer need: with `kept` the newest two good snapshots (oldest
 * first), every other snapshot file and every segment wholly before the older one's batch. With
 * one snapshot (or none), all the log stays: the one before it may be gone or damaged, and the
 * log from batch 1 is then the way back.
 */
export async function retain(dir: string, kept: readonly Kept[]): Promise<void> {
  const names = readdirSync(dir);
  const { segments, snapshots, legacySnapshot } = listStore(names);
  const keep = new Set(kept.map((k) => k.name));
  const gone = snapshots.map((s) => s.name).filter((n) => !keep.has(n));
  if (legacySnapshot && !keep.has(LEGACY_SNAPSHOT)) gone.push(LEGACY_SNAPSHOT);
  const floor = kept.length >= 2 ? kept[0].seq : 0;
  segments.forEach((s, i) => {
    const next = segments[i + 1]?.first;
    if (next !== undefined && next - 1 <= floor) gone.push(s.name);
  });
  for (const n of gone) rmSync(join(dir, n), { force: true });
  if (gone.length > 0) await syncDir(dir);
}
