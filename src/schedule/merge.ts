import type { Sample } from '../sample/sampler.ts';
import type { Batch, EdgeSet } from '../tensor/batch.ts';
import { mat, type Mat } from '../tensor/mat.ts';

/** Samples side by side in one Batch, and where each sample's target rows landed. */
export interface Merged {
  readonly batch: Batch;
  /** Per sample, per node type, the batch rows of its targets (in its own target order). */
  readonly targetRows: readonly ReadonlyMap<string, Int32Array>[];
  readonly nodes: number;
  readonly edges: number;
}

/**
 * The disjoint union of samples (PyG NeighborLoader's `disjoint=True`): each sample keeps its own
 * copy of every node it reached, so a target's score depends on its own sample alone, never on
 * the requests it shares a run with. Rows of sample k follow those of samples 0..k-1, per type;
 * edges are offset the same way, so each relation's CSR stays sorted by destination.
 */
export function mergeSamples(samples: readonly Sample[]): Merged {
  if (samples.length === 1) {
    const only = samples[0];
    const rows = only.batch.targets ?? new Map<string, Int32Array>();
    return { batch: only.batch, targetRows: [rows], nodes: countNodes(only.batch), edges: countEdges(only.batch) };
  }
  const first = samples[0].batch;
  const base = new Map<string, number[]>();
  const x = new Map<string, Mat>();
  for (const [t, m0] of first.x) {
    const offs: number[] = [];
    let rows = 0;
    for (const s of samples) {
      offs.push(rows);
      rows += s.batch.x.get(t)!.rows;
    }
    base.set(t, offs);
    const data = new Float32Array(rows * m0.cols);
    samples.forEach((s, k) => {
      data.set(s.batch.x.get(t)!.data, offs[k] * m0.cols);
    });
    x.set(t, mat(rows, m0.cols, data));
  }
  const edges = new Map<string, EdgeSet>();
  let numEdges = 0;
  for (const [key, e0] of first.edges) {
    const src = base.get(e0.src)!,
      dst = base.get(e0.dst)!;
    const total = samples.reduce((n, s) => n + s.batch.edges.get(key)!.csr.numEdges, 0);
    const numDst = x.get(e0.dst)!.rows;
    const rowptr = new Int32Array(numDst + 1),
      col = new Int32Array(total),
      eid = new Int32Array(total);
    let at = 0;
    samples.forEach((s, k) => {
      const c = s.batch.edges.get(key)!.csr;
      for (let i = 0; i < c.numDst; i++) rowptr[dst[k] + i + 1] = at + c.rowptr[i + 1];
      for (let j = 0; j < c.numEdges; j++) {
        col[at + j] = c.col[j] + src[k];
        eid[at + j] = at + c.eid[j];
      }
      at += c.numEdges;
    });
    numEdges += total;
    const csr = { numSrc: x.get(e0.src)!.rows, numDst, numEdges: total, rowptr, col, eid };
    edges.set(key, { key, src: e0.src, rel: e0.rel, dst: e0.dst, csr });
  }
  const targetRows = samples.map((s, k) => {
    const rows = new Map<string, Int32Array>();
    for (const [t, r] of s.batch.targets ?? [])
      rows.set(
        t,
        r.map((v) => v + base.get(t)![k]),
      );
    return rows;
  });
  const targets = new Map<string, Int32Array>();
  for (const t of x.keys()) {
    const parts = targetRows.map((m) => m.get(t)).filter((r): r is Int32Array => r !== undefined);
    if (parts.length === 0) continue;
    const all = new Int32Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      all.set(p, at);
      at += p.length;
    }
    targets.set(t, all);
  }
  let nodes = 0;
  for (const m of x.values()) nodes += m.rows;
  return { batch: { homogeneous: first.homogeneous, x, edges, targets }, targetRows, nodes, edges: numEdges };
}

function countNodes(b: Batch): number {
  let n = 0;
  for (const m of b.x.values()) n += m.rows;
  return n;
}

function countEdges(b: Batch): number {
  let n = 0;
  for (const e of b.edges.values()) n += e.csr.numEdges;
  return n;
}
