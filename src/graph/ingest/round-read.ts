import { hashId, sameId } from '../base/id-bytes.ts';
import type { Relation } from '../edges/relation.ts';
import { type BatchReader, KIND } from './batch-record.ts';
import { fingerprintAAt, fingerprintBAt } from './event-ids.ts';
import { ROUND_OPS, type Round } from './round.ts';

/** op byte of an op that repeats the one before it (see readRound): skipped. */
export const REPEAT = 255;

/** What parsing needs of the schema, by index: node types' feature widths; per relation its edge data words, whether its ops are turned around, and the relation that stores its edges. */
export interface RoundShape {
  readonly widths: readonly number[];
  readonly words: readonly number[];
  readonly flips: readonly boolean[];
  readonly stored: readonly Relation[];
}

/**
 * Parse BatchApply's next round into `g`, from where reader `r` is, out of `left` events: up to
 * ROUND_OPS ops (more only when one event has more), each op's kind, index and record offsets,
 * its ids' hashes, each event's id fingerprint, time and op count.
 */
export function readRound(r: BatchReader, g: Round, left: number, shape: RoundShape): void {
  const b = r.bytes,
    { widths, words, flips, stored } = shape;
  let m = 0,
    n = 0;
  for (; m < left; m++) {
    const nops = r.opsAhead();
    if (n > 0 && n + nops > ROUND_OPS) break;
    g.room(n + nops, m + 1);
    r.event();
    const a = fingerprintAAt(b, r.idAt);
    g.fa[m] = a;
    g.fb[m] = fingerprintBAt(b, r.idAt, a);
    g.time[m] = r.time;
    g.nops[m] = nops;
    const { op, ix, sa, da, hs } = g;
    for (const first = n, end = n + nops; n < end; n++) {
      const k = r.op(),
        i = r.index;
      op[n] = k;
      ix[n] = i;
      if (k === KIND.upsert_node || k === KIND.delete_node) {
        r.node(k === KIND.upsert_node ? widths[i] : 0);
        sa[n] = r.a;
        hs[2 * n] = hashId(b, r.a);
        da[n] = r.b;
        continue;
      }
      r.edge();
      const w = words[i];
      if (w > 0 && k === KIND.add_edge) {
        r.edgeData(w);
        g.ea[n] = r.c;
      }
      // An op on a reverse relation is the turned-around op on its forward.
      const flip = flips[i],
        s = flip ? r.b : r.a,
        d = flip ? r.a : r.b;
      sa[n] = s;
      da[n] = d;
      // Doing what the op before it just did (the same kind on the same stored edge, as when a
      // producer writes both directions of a link into a derived reverse relation), it would
      // change nothing (same time: no refresh; deleted: no-op), so it is dropped here. Not an
      // add with edge data: its data may differ, and the last applied wins.
      if (
        w === 0 &&
        n > first &&
        op[n - 1] === k &&
        stored[ix[n - 1]] === stored[i] &&
        sameId(b, s, b, sa[n - 1]) &&
        sameId(b, d, b, da[n - 1])
      ) {
        op[n] = REPEAT;
        continue;
      }
      hs[2 * n] = hashId(b, s);
      hs[2 * n + 1] = hashId(b, d);
    }
  }
  g.m = m;
  g.n = n;
}
