import type { SegmentScan } from './wal-scan.node.ts';

/** A record to replay, and where it lies. */
interface Planned {
  readonly file: string;
  readonly offset: number;
  readonly seq: number;
  readonly body: Uint8Array;
}

/** A place in the log and what is wrong there. */
interface Spot {
  readonly file: string;
  readonly offset: number;
  readonly why: string;
}

export interface Plan {
  /** Batches base + 1 … end, in order, each whole and checked. */
  readonly records: Planned[];
  readonly end: number;
  /** The highest batch any witness says was acknowledged (on disk): see planLog. */
  readonly acked: number;
  /** Set when batches past `end` are lost to damage: open must refuse. `upTo`: the highest batch known past it; `intact`: whole records past it. */
  readonly refusal?: { readonly at: Spot; readonly upTo: number; readonly intact: number };
  /** A torn tail of the last segment, none of it acknowledged: cut there. */
  readonly cut?: Spot;
  /** Damage that costs no batch (between records of the chain, or past it outside the last segment). */
  readonly harmless: Spot[];
}

/**
 * Decide what recovery replays, and whether it may: the rule that tells a torn tail from
 * damage. Batches must follow the snapshot's (`base`) with no gap. The acknowledged point is
 * the highest batch any witness vouches for: the checkpoint file, any whole record's `synced`,
 * any segment's first batch less one (a segment is begun only once the one before it is on
 * disk), the snapshot itself. Then:
 * - the chain breaks (damage, a missing or shortened segment, a record that does not check)
 *   and some whole record lies past the break: damage, not a tail; refuse.
 * - the chain ends before the acknowledged point: acknowledged batches are gone; refuse.
 * - else whatever follows the chain's last record is a torn write of batches never
 *   acknowledged: cut it (in the last segment; elsewhere it is noted and left).
 * So a normal open never cuts away an acknowledged batch. `check` says why a record's body
 * cannot be applied, or undefined (GraphStore.check under the format's bounds).
 */
export function planLog(
  scans: readonly SegmentScan[],
  base: number,
  checkpoint: number,
  check: (body: Uint8Array) => string | undefined,
): Plan {
  let acked = Math.max(base, checkpoint);
  for (const s of scans) {
    acked = Math.max(acked, (s.headerFirst ?? s.first) - 1);
    for (const r of s.records) acked = Math.max(acked, r.synced);
  }
  const records: Planned[] = [];
  const harmless: Spot[] = [];
  let expected = base + 1;
  /** Just past the chain's last record: scan index and offset (-1: before any). */
  let si = -1,
    after = 0;
  let brk: Spot | undefined;
  let intact = 0,
    upTo = 0;
  scans.forEach((s, k) => {
    for (const r of s.records) {
      if (r.seq < expected && !brk) continue;
      if (brk) {
        intact++;
        upTo = Math.max(upTo, r.seq);
        continue;
      }
      const why = r.seq === expected ? check(r.body) : undefined;
      if (r.seq === expected && why === undefined) {
        records.push({ file: s.name, offset: r.offset, seq: r.seq, body: r.body });
        expected++;
        si = k;
        after = r.offset + 1;
        continue;
      }
      upTo = r.seq;
      if (why !== undefined)
        brk = { file: s.name, offset: r.offset, why: `the record of batch ${r.seq} does not check: ${why}` };
      else {
        intact++;
        brk = damageBefore(s, si === k ? after : 0, r.offset) ?? {
          file: s.name,
          offset: r.offset,
          why:
            si === k
              ? `batch ${r.seq} follows batch ${expected - 1}`
              : `the segment's first whole record is batch ${r.seq}, but the log before it ends at batch ${expected - 1} (a segment is missing or was cut short)`,
        };
      }
    }
  });
  const end = expected - 1;
  // Damage after the chain's end, file by file.
  const tail: Spot[] = [];
  scans.forEach((s, k) => {
    for (const d of s.damage) {
      const spot = { file: s.name, offset: d.offset, why: d.why };
      if (k < si || (k === si && d.offset < after)) harmless.push(spot);
      else tail.push(spot);
    }
  });
  if (!brk && acked > end) {
    const last = scans[si] ?? scans[0];
    brk = tail[0] ?? {
      file: last?.name ?? '(no log segment)',
      offset: last?.size ?? 0,
      why: `the log ends at batch ${end}, but batches up to ${acked} were acknowledged (a segment is missing or was cut short)`,
    };
    upTo = acked;
  }
  if (brk) return { records, end, acked, refusal: { at: brk, upTo: Math.max(upTo, acked), intact }, harmless };
  const lastName = scans.at(-1)?.name;
  const cut = tail.find((t) => t.file === lastName);
  for (const t of tail) if (t !== cut) harmless.push(t);
  return { records, end, acked, cut, harmless };
}

/** The first damage of segment s in [from, to), as a spot. */
function damageBefore(s: SegmentScan, from: number, to: number): Spot | undefined {
  const d = s.damage.find((x) => x.offset >= from && x.offset < to);
  return d && { file: s.name, offset: d.offset, why: d.why };
}
