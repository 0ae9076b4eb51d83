/** A growable list of int32 that keeps its memory when cleared: the sampler's per-call lists. */
export class IntList {
  a = new Int32Array(16);
  n = 0;

  push(v: number): void {
    if (this.n === this.a.length) {
      const b = new Int32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
  }

  /** n values, their contents left as they were (callers write each one). */
  resize(n: number): void {
    if (this.a.length < n) this.a = new Int32Array(Math.max(n, this.a.length * 2));
    this.n = n;
  }

  /** Value i, or `fallback` past the end. */
  at(i: number, fallback: number): number {
    return i < this.n ? this.a[i] : fallback;
  }
}

/** `k` lists, each emptied (memory kept), made when missing. */
export function cleared(lists: IntList[], k: number): IntList[] {
  while (lists.length < k) lists.push(new IntList());
  for (const l of lists) l.n = 0;
  return lists;
}
