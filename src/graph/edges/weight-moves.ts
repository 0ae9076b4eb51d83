import { grow } from '../../util/grow.ts';

/**
 * The slots whose weight a re-add changed after a merge job read it (EdgeData.write notes them):
 * the CSR's order by weight (weight-order.ts) ranks them by a weight they no longer have, so
 * 'top' skips them in that order and ranks them apart, at their weight now (Adjacency.movedOf
 * lists them per node). Only slots a merge job covers (below `below`) are noted: later ones are
 * the unmerged tail, which 'top' reads at their weights anyway.
 *
 * `state[e]`: 0 not noted; 1 noted before the merge job under way started (that job read the new
 * weight); 2 noted since (or with no job under way). Each slot is in `log` once per state 2, so
 * the log grows with the slots changed, not with the re-adds.
 */
export class WeightMoves {
  log: number[] = [];
  /** Slots below this are covered by the installed index or the merge job under way. */
  below = 0;
  private state = new Uint8Array(0);
  /** log[0, mark) were noted before the job under way started. */
  private mark = 0;

  /** Slot e's weight changed (it is below `below`). */
  note(e: number): void {
    if (e >= this.state.length) this.state = grow(this.state, Math.max(e + 1, this.state.length * 2, 1024));
    if (this.state[e] === 2) return;
    this.state[e] = 2;
    this.log.push(e);
  }

  /** Whether slot e is ranked apart (its weight changed since the index read it). */
  moved(e: number): boolean {
    return e < this.state.length && this.state[e] !== 0;
  }

  /** A merge job over slots [0, n) starts now: it reads every weight noted so far. */
  started(n: number): void {
    for (const e of this.log) this.state[e] = 1;
    this.mark = this.log.length;
    this.below = Math.max(this.below, n);
  }

  /** That job's index is installed: what was noted before it started is in its order. */
  installed(): void {
    const kept: number[] = [];
    for (let i = 0; i < this.log.length; i++) {
      const e = this.log[i];
      if (this.state[e] === 1) this.state[e] = 0;
      else if (i >= this.mark) kept.push(e);
    }
    this.log = kept;
    this.mark = 0;
  }

  /** Compaction renumbers the slots: nothing noted holds (a merge over all of them follows). */
  clear(): void {
    this.log = [];
    this.state.fill(0);
    this.mark = this.below = 0;
  }
}
