import type { Schema } from '../base/schema.ts';
import { inspectStore, type Inspection } from './inspect.node.ts';
import { loadSchema } from './schema-file.node.ts';

/** What `weft store check` found: whether a normal open would succeed, and a line per finding. */
export interface StoreReport {
  readonly opens: boolean;
  /** Whether anything is damaged, even where no batch is lost. */
  readonly damaged: boolean;
  readonly lines: string[];
}

/** The schema a store directory was last opened with (schema.json), or an Error saying how to get one. */
export function storeSchema(dir: string): Schema {
  const s = loadSchema(dir);
  if (!s)
    throw new Error(
      `${dir}: no schema.json (stores opened by this version write it): open the store once (weft serve does), then run this again`,
    );
  return s;
}

/** The report's lines about what `ins` found file by file. */
export function describeInspection(ins: Inspection): string[] {
  const lines: string[] = [];
  for (const b of ins.badSnapshots) lines.push(`damaged snapshot: ${b.why}`);
  lines.push(
    ins.snapshot
      ? `snapshot ${ins.snapshot.name}: batches up to ${ins.snapshot.seq}`
      : 'no snapshot loads: the log from batch 1 is the base',
  );
  for (const b of ins.checkpoint.bad) lines.push(`checkpoint ${b.file} byte ${b.offset}: ${b.why}`);
  if (ins.checkpoint.seq !== undefined) lines.push(`checkpoint: batches up to ${ins.checkpoint.seq} on disk`);
  for (const s of ins.scans) {
    const seqs = s.records.map((r) => r.seq);
    lines.push(
      `${s.name}: ${s.size} bytes, ${s.records.length} whole records${seqs.length ? ` (batches ${seqs[0]} to ${seqs.at(-1)})` : ''}${s.legacy ? ', format 1' : ''}`,
    );
    for (const d of s.damage) lines.push(`  damaged: bytes ${d.offset} to ${d.end}: ${d.why}`);
  }
  return lines;
}

/** Read a store directory and report on it, changing nothing (a store open elsewhere may be checked). */
export async function checkStore(dir: string): Promise<StoreReport> {
  const ins = await inspectStore(dir, storeSchema(dir));
  const lines = describeInspection(ins);
  const { plan } = ins;
  const damaged =
    ins.badSnapshots.length > 0 ||
    ins.scans.some((s) => s.damage.length > 0) ||
    ins.checkpoint.bad.some((b) => b.why !== 'missing') ||
    ins.checkpoint.copies.length === 1;
  if (ins.refusal) lines.push(`refused: ${ins.refusal}`);
  else
    lines.push(
      `opens: batches up to ${plan.end}${plan.cut ? `, after cutting a torn tail at ${plan.cut.file} byte ${plan.cut.offset}` : ''}`,
    );
  return { opens: !ins.refusal, damaged, lines };
}
