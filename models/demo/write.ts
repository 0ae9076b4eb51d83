/** Writes a demo graph and its labels (the fixture layout; labels beside it). Node only. */
import { basename, dirname, join } from 'node:path';
import { FEATURES, type NodeType } from './nodes.ts';
import { Rng } from './rng.ts';
import { removeStreams, writeStreamed, type StreamedTensor } from './sink.ts';
import { RELATIONS, synthesize, type SynthGraph } from './synth.ts';

const TRAIN = 0.6;
const VAL = 0.2;

function i64(values: Int32Array): Uint8Array {
  return new Uint8Array(BigInt64Array.from(values, (v) => BigInt(v)).buffer);
}

function f32(values: Float32Array): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

function graphTensors(g: SynthGraph): StreamedTensor[] {
  const x = (t: NodeType, data: Float32Array): StreamedTensor => ({
    name: `x.${t}`,
    dtype: 'F32',
    shape: [data.length / FEATURES[t].length, FEATURES[t].length],
    parts: [f32(data)],
  });
  const out: StreamedTensor[] = [x('account', g.accountX)];
  for (const t of ['device', 'card', 'merchant', 'ip'] as const) out.push(x(t, g.tables[t].features()));
  RELATIONS.forEach(([src, rel, dst], i) => {
    const s = g.edges[i];
    const e = s.src.count;
    out.push({
      name: `edge_index.${src}__${rel}__${dst}`,
      dtype: 'I64',
      shape: [2, e],
      parts: [s.src.path, s.dst.path],
    });
    out.push({
      name: `edge_index.${dst}__rev_${rel}__${src}`,
      dtype: 'I64',
      shape: [2, e],
      parts: [s.dst.path, s.src.path],
    });
  });
  return out;
}

/** Random train/val/test split of accounts (0/1/2), from its own stream so the graph does not depend on it. */
function split(n: number, seed: number): Int32Array {
  const rng = new Rng(seed ^ 0x5eed);
  return Int32Array.from({ length: n }, () => {
    const u = rng.uniform();
    return u < TRAIN ? 0 : u < TRAIN + VAL ? 1 : 2;
  });
}

/** Where the labels of graph FILE go: `<FILE without .safetensors>.labels.safetensors`. */
export function labelsPath(out: string): string {
  return join(dirname(out), `${basename(out).replace(/\.safetensors$/, '')}.labels.safetensors`);
}

/** Generates and writes the graph and its labels; returns a one-line summary. */
export function writeDemoGraph(out: string, accounts: number, seed: number): string {
  const labelsOut = labelsPath(out);
  const g = synthesize(accounts, seed, `${out}.tmp-${process.pid}`);
  const meta = {
    generator: 'models/demo/generate.ts',
    seed: String(seed),
    accounts: String(accounts),
    features: JSON.stringify(FEATURES),
  };
  try {
    writeStreamed(out, graphTensors(g), meta);
  } finally {
    removeStreams(g.edges);
  }
  writeStreamed(
    labelsOut,
    [
      { name: 'y.account', dtype: 'I64', shape: [accounts], parts: [i64(g.y)] },
      { name: 'split.account', dtype: 'I64', shape: [accounts], parts: [i64(split(accounts, seed))] },
      { name: 'pattern.account', dtype: 'I64', shape: [accounts], parts: [i64(g.pattern)] },
    ],
    { ...meta, split: '0 train, 1 val, 2 test', pattern: '0 honest, 1 ring, 2 burst, 3 lone' },
  );
  const fraud = g.y.reduce((a, b) => a + b, 0);
  const nodes = Object.entries(g.tables)
    .map(([t, n]) => `${t} ${n.size}`)
    .join(', ');
  const edges = g.edges.map((s) => `${s.key} ${s.src.count}`).join(', ');
  return `${out}: account ${accounts} (${fraud} fraud, ${((100 * fraud) / accounts).toFixed(1)}%), ${nodes}; edges ${edges} (+ reverses); labels in ${labelsOut}`;
}
