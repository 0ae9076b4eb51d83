import { asInt32, asMat, describeShape, getTensor } from './access.ts';
import { HOMO_NODE, HOMO_REL, splitEdgeKey, type Batch, type EdgeSet } from './batch.ts';
import { buildCsr } from './csr.ts';
import type { Mat } from './mat.ts';
import type { SafetensorsFile } from './safetensors.ts';

/**
 * A graph in the fixtures' layout as a Batch. Homogeneous: `x`, `edge_index`, optional
 * `edge_attr`, `edge_weight`, `edge_type`. Heterogeneous: `x.<ntype>`, `edge_index.<src>__<rel>__<dst>`,
 * optional `edge_attr.<…>` / `edge_weight.<…>`.
 */
export function graphFromSafetensors(file: SafetensorsFile): Batch {
  const keys = [...file.tensors.keys()];
  if (file.tensors.has('x')) {
    const x = checkFeatures(file, 'x');
    const edges = new Map([[HOMO_REL, readEdges(file, '', HOMO_NODE, 'to', HOMO_NODE, x.rows, x.rows)]]);
    return { homogeneous: true, x: new Map([[HOMO_NODE, x]]), edges };
  }
  const x = new Map<string, Mat>();
  for (const k of keys) if (k.startsWith('x.')) x.set(k.slice(2), checkFeatures(file, k));
  if (x.size === 0)
    throw new Error(
      `${file.name}: no node features: expected 'x' (homogeneous) or 'x.<ntype>' (heterogeneous), found ${keys.join(', ') || 'no tensors'}`,
    );
  const edges = new Map<string, EdgeSet>();
  for (const k of keys) {
    if (!k.startsWith('edge_index.')) continue;
    const et = k.slice('edge_index.'.length);
    const [src, rel, dst] = splitEdgeKey(et);
    for (const t of [src, dst]) {
      if (!x.has(t)) throw new Error(`${file.name}: tensor '${k}': node type '${t}' has no features 'x.${t}'`);
    }
    edges.set(et, readEdges(file, `.${et}`, src, rel, dst, x.get(src)!.rows, x.get(dst)!.rows));
  }
  return { homogeneous: false, x, edges };
}

function checkFeatures(file: SafetensorsFile, key: string): Mat {
  const t = getTensor(file, key);
  if (t.shape.length !== 2)
    throw new Error(
      `${file.name}: tensor '${key}': shape ${describeShape(t.shape)}, expected [num_nodes, num_features]`,
    );
  const m = asMat(file, key, t);
  for (let i = 0; i < m.data.length; i++) {
    if (!Number.isFinite(m.data[i])) {
      throw new Error(
        `${file.name}: tensor '${key}': value ${m.data[i]} at row ${Math.floor(i / m.cols)}, column ${i % m.cols} is not finite`,
      );
    }
  }
  return m;
}

function readEdges(
  file: SafetensorsFile,
  suffix: string,
  src: string,
  rel: string,
  dst: string,
  numSrc: number,
  numDst: number,
): EdgeSet {
  const key = `edge_index${suffix}`;
  const t = getTensor(file, key);
  if (t.shape.length !== 2 || t.shape[0] !== 2) {
    throw new Error(`${file.name}: tensor '${key}': shape ${describeShape(t.shape)}, expected [2, num_edges]`);
  }
  const e = t.shape[1];
  const flat = asInt32(file, key, t);
  const s = flat.subarray(0, e);
  const d = flat.subarray(e, 2 * e);
  for (let k = 0; k < e; k++) {
    if (s[k] < 0 || s[k] >= numSrc)
      throw new Error(
        `${file.name}: tensor '${key}': source index ${s[k]} of edge ${k} is not in [0, ${numSrc - 1}] ('${src}' has ${numSrc} nodes)`,
      );
    if (d[k] < 0 || d[k] >= numDst)
      throw new Error(
        `${file.name}: tensor '${key}': target index ${d[k]} of edge ${k} is not in [0, ${numDst - 1}] ('${dst}' has ${numDst} nodes)`,
      );
  }
  const set: { -readonly [K in keyof EdgeSet]: EdgeSet[K] } = {
    key: `${src}__${rel}__${dst}`,
    src,
    rel,
    dst,
    csr: buildCsr(s, d, numSrc, numDst),
  };
  const attrKey = `edge_attr${suffix}`;
  if (file.tensors.has(attrKey)) {
    const a = getTensor(file, attrKey);
    if (a.shape.length !== 2 || a.shape[0] !== e)
      throw new Error(`${file.name}: tensor '${attrKey}': shape ${describeShape(a.shape)}, expected [${e}, edge_dim]`);
    set.edgeAttr = asMat(file, attrKey, a);
  }
  const wKey = `edge_weight${suffix}`;
  if (file.tensors.has(wKey)) {
    const w = getTensor(file, wKey);
    if (w.shape.length !== 1 || w.shape[0] !== e)
      throw new Error(`${file.name}: tensor '${wKey}': shape ${describeShape(w.shape)}, expected [${e}]`);
    set.edgeWeight = asMat(file, wKey, w).data;
  }
  const tKey = `edge_type${suffix}`;
  if (file.tensors.has(tKey)) {
    const ty = getTensor(file, tKey);
    if (ty.shape.length !== 1 || ty.shape[0] !== e)
      throw new Error(`${file.name}: tensor '${tKey}': shape ${describeShape(ty.shape)}, expected [${e}]`);
    set.edgeType = asInt32(file, tKey, ty);
  }
  return set;
}
