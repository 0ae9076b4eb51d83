// Where each node of a neighbourhood is drawn: the target in the middle, hop h on the ring of
// radius h, each node near the node that reached it (its parent one hop in), so the branches read.
import type { Neighbourhood } from '../../src/browser.ts';

interface DrawnNode {
  readonly type: string;
  readonly row: number;
  readonly id: string;
  readonly hop: number;
  x: number;
  y: number;
}

interface DrawnEdge {
  readonly a: number;
  readonly b: number;
  readonly relation: string;
}

export interface Layout {
  readonly nodes: DrawnNode[];
  readonly edges: DrawnEdge[];
  /** `${type}:${row}` → index into nodes. */
  readonly index: Map<string, number>;
}

const hopOf = (hops: readonly number[] | undefined, row: number) => {
  const at = (hops ?? []).findIndex((n) => row < n);
  return at < 0 ? (hops?.length ?? 0) : at;
};

export function layout(n: Neighbourhood): Layout {
  const nodes: DrawnNode[] = [];
  const index = new Map<string, number>();
  for (const [type, x] of n.batch.x)
    for (let row = 0; row < x.rows; row++) {
      index.set(`${type}:${row}`, nodes.length);
      nodes.push({ type, row, id: n.ids[type]?.[row] ?? `${type}#${row}`, hop: hopOf(n.hops[type], row), x: 0, y: 0 });
    }
  const edges: DrawnEdge[] = [];
  const parent = new Map<number, number>();
  for (const e of n.batch.edges.values()) {
    const { csr } = e;
    for (let i = 0; i < csr.numDst; i++)
      for (let k = csr.rowptr[i]; k < csr.rowptr[i + 1]; k++) {
        const a = index.get(`${e.src}:${csr.col[k]}`)!;
        const b = index.get(`${e.dst}:${i}`)!;
        edges.push({ a, b, relation: e.rel });
        // Sampling runs from the target outwards: a source one hop further out than its destination was reached through it.
        if (nodes[a].hop === nodes[b].hop + 1 && !parent.has(a)) parent.set(a, b);
      }
  }
  const rings = new Map<number, number[]>();
  for (const [i, d] of nodes.entries()) rings.set(d.hop, [...(rings.get(d.hop) ?? []), i]);
  const angle = new Map<number, number>();
  for (const h of [...rings.keys()].sort((p, q) => p - q)) {
    const ring = rings.get(h)!;
    if (h === 0) {
      ring.forEach((i, k) => {
        nodes[i].x = k * 0.3;
        nodes[i].y = 0;
        angle.set(i, 0);
      });
      continue;
    }
    // In the order of their parents' angles, then spread evenly round the ring.
    ring.sort((p, q) => (angle.get(parent.get(p) ?? -1) ?? 0) - (angle.get(parent.get(q) ?? -1) ?? 0) || p - q);
    ring.forEach((i, k) => {
      const t = (2 * Math.PI * (k + 0.5)) / ring.length;
      angle.set(i, t);
      nodes[i].x = h * Math.cos(t);
      nodes[i].y = h * Math.sin(t);
    });
  }
  return { nodes, edges, index };
}
