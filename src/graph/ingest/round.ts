import { grow } from '../../util/grow.ts';

/**
 * Ops per round of BatchApply. A round prefetches about eight cache lines per op (event id, two
 * id table slots and characters, identity hash entry, two index heads); 1024 ops (8 x 64 B x
 * 1024 = 512 KiB) keep them within a core's 1 MiB L2 (on the 2 × AMD EPYC, 2 cores machine that
 * ran `npm run bench -- graph`, 29 Nov 2026) until the round uses them.
 */
export const ROUND_OPS = 1024;

/** What BatchApply keeps of one round, by op and by event: arrays reused from round to round. */
export class Round {
  /** Per op: its KIND byte, schema index, record offsets of its two ids (an upsert's: its id and features). */
  op = new Uint8Array(0);
  ix = new Uint8Array(0);
  sa = new Int32Array(0);
  da = new Int32Array(0);
  /** Per op: record offset of an add_edge's edge data (read only where its relation has some). */
  ea = new Int32Array(0);
  /** Per op: hashId of src and dst (2j, 2j + 1). */
  hs = new Int32Array(0);
  /** Per op: the interned ends, the stored time and what to do (BatchApply's NONE, ADD, DELETE). */
  s = new Int32Array(0);
  d = new Int32Array(0);
  t = new Float64Array(0);
  kind = new Uint8Array(0);
  /** Per event: its id's fingerprint, time and op count. */
  fa = new Uint32Array(0);
  fb = new Uint32Array(0);
  time = new Float64Array(0);
  nops = new Uint32Array(0);
  /** Events and ops in the round. */
  m = 0;
  n = 0;

  /** Room for n ops and m events, keeping what the round has read (a round holds more than ROUND_OPS ops only when one event does). */
  room(n: number, m: number): void {
    if (this.op.length < n) {
      const c = Math.max(n, 2 * this.op.length, ROUND_OPS);
      this.op = grow(this.op, c);
      this.ix = grow(this.ix, c);
      this.sa = grow(this.sa, c);
      this.da = grow(this.da, c);
      this.ea = grow(this.ea, c);
      this.hs = grow(this.hs, 2 * c);
      this.s = new Int32Array(c);
      this.d = new Int32Array(c);
      this.t = new Float64Array(c);
      this.kind = new Uint8Array(c);
    }
    if (this.fa.length < m) {
      const c = Math.max(m, 2 * this.fa.length, ROUND_OPS);
      this.fa = grow(this.fa, c);
      this.fb = grow(this.fb, c);
      this.time = grow(this.time, c);
      this.nops = grow(this.nops, c);
    }
  }
}
