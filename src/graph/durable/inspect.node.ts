import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Maintainer } from '../base/maintainer.ts';
import type { Schema } from '../base/schema.ts';
import { checkEncoded } from '../ingest/check-encoded.ts';
import { FORMAT_BOUNDS } from '../ingest/limits.ts';
import { GraphStore } from '../store.ts';
import { readCheckpoints, type Checkpoints } from './checkpoint-read.node.ts';
import { LEGACY_SNAPSHOT, listStore } from './files.ts';
import { SchemaMismatch } from './snapshot-codec.ts';
import { schemaSaysCheckpointed } from './schema-file.node.ts';
import { readSnapshot } from './snapshot.node.ts';
import { planLog, type Plan } from './wal-plan.ts';
import { scanSegment, type SegmentScan } from './wal-scan.node.ts';

/** What a store directory holds, read without changing anything: the basis of open, check and repair. */
export interface Inspection {
  /** The newest snapshot that loads (undefined: none, the log from batch 1 is the base), and the store it holds. */
  readonly snapshot: { readonly name: string; readonly seq: number } | undefined;
  readonly store: GraphStore;
  /** Snapshots that would not load, newest first, with why. */
  readonly badSnapshots: { readonly name: string; readonly why: string }[];
  /** What the checkpoint files say. */
  readonly checkpoint: Checkpoints;
  /** Every segment after the snapshot's batch, read. */
  readonly scans: SegmentScan[];
  readonly plan: Plan;
  /** Why a normal open must refuse (planLog's refusal, or no checkpoint where one must be), or undefined. */
  readonly refusal: string | undefined;
}

/**
 * Read a store directory: snapshots newest first until one loads (a damaged one is passed over:
 * its predecessor and the log since it are kept for that, see DurableStore.snapshot), then the
 * segments that may hold later batches, then the plan (planLog) for replaying them.
 */
export async function inspectStore(dir: string, schema: Schema, maintainer?: Maintainer): Promise<Inspection> {
  const { segments, snapshots, legacySnapshot } = listStore(readdirSync(dir));
  const candidates = snapshots.map((s) => s.name).reverse();
  if (legacySnapshot) candidates.push(LEGACY_SNAPSHOT);
  const badSnapshots: { name: string; why: string }[] = [];
  let loaded: { store: GraphStore; seq: number; name: string } | undefined;
  for (const name of candidates) {
    try {
      loaded = { ...(await readSnapshot(join(dir, name), schema, maintainer)), name };
      break;
    } catch (e) {
      if (e instanceof SchemaMismatch) throw e;
      badSnapshots.push({ name, why: (e as Error).message });
    }
  }
  const base = loaded?.seq ?? 0;
  const scans: SegmentScan[] = [];
  segments.forEach((s, i) => {
    // Segments wholly before the base (kept for a fallback) are not read.
    const next = segments[i + 1]?.first;
    if (next !== undefined && next - 1 <= base) return;
    scans.push(scanSegment(s.name, s.first, readFileSync(join(dir, s.name))));
  });
  const checkpoint = await readCheckpoints(dir);
  const adds = new Uint32Array(schema.relations.size);
  const plan = planLog(scans, base, checkpoint.seq ?? 0, (body) => {
    try {
      checkEncoded(schema, body, adds, FORMAT_BOUNDS);
      return undefined;
    } catch (e) {
      return (e as Error).message;
    }
  });
  return {
    snapshot: loaded && { name: loaded.name, seq: loaded.seq },
    store: loaded?.store ?? new GraphStore(schema, undefined, maintainer),
    badSnapshots,
    checkpoint,
    scans,
    plan,
    refusal: plan.refusal
      ? refusalMessage(dir, plan)
      : checkpoint.seq === undefined &&
          (snapshots.length > 0 || scans.some(writtenWithCheckpoint) || schemaSaysCheckpointed(dir))
        ? noCheckpointMessage(dir, checkpoint, plan)
        : undefined,
  };
}

/**
 * Whether a segment was written by a version that keeps a checkpoint: its header or a record is
 * in format 2 (so are named snapshots). Only stores from before (format 1, test/graph/fixtures/
 * legacy-store) may lack one; in any other, a missing or unreadable checkpoint is damage.
 */
const writtenWithCheckpoint = (s: SegmentScan): boolean =>
  !s.legacy && (s.headerFirst !== undefined || s.records.length > 0);

/** A refusal for a store whose checkpoint files are both gone or damaged. */
function noCheckpointMessage(dir: string, cp: Checkpoints, plan: Plan): string {
  const where = cp.bad.map((b) => `${b.file} byte ${b.offset}: ${b.why}`).join('; ');
  return `graph store ${dir}: ${where}. Without a checkpoint, a log cut short (acknowledged batches lost) cannot be told from one that ended; the log reads whole up to batch ${plan.end}. Nothing was changed: \`npx weft store check ${dir}\` lists the damage, \`npx weft store repair ${dir}\` keeps every intact batch`;
}

/** A refusal of `plan`, as one message: where the log breaks, and what lies past it. */
function refusalMessage(dir: string, plan: Plan): string {
  const r = plan.refusal!;
  const n = r.upTo - plan.end;
  const lost = n === 1 ? `batch ${r.upTo} lies` : `${n} batches (${plan.end + 1} to ${r.upTo}) lie`;
  return `graph store ${dir}: ${r.at.file} byte ${r.at.offset}: ${r.at.why}. Acknowledged ${lost} past it (${r.intact} in whole records); the log is whole only up to batch ${plan.end}. Nothing was changed: \`npx weft store check ${dir}\` lists the damage, \`npx weft store repair ${dir}\` keeps every intact batch`;
}
