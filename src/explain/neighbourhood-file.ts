import type { Batch } from '../tensor/batch.ts';
import { graphFromSafetensors } from '../tensor/graph-file.ts';
import { graphToSafetensors } from '../tensor/graph-file-write.ts';
import { parseSafetensors, serializeSafetensors } from '../tensor/safetensors.ts';

const NEIGHBOURHOOD_FORMAT = 'weft-neighbourhood/1';

/** One account's sampled neighbourhood as the server sends it to a page: the graph, whose node is which, and the server's score. */
export interface Neighbourhood {
  /** The sampled graph; its targets are the target's row (0) of the target's type. */
  readonly batch: Batch;
  readonly target: { readonly type: string; readonly id: string };
  /** Per node type, the id of each row. */
  readonly ids: Readonly<Record<string, readonly string[]>>;
  /** Per node type, rows first reached within 0, 1, … hops (rows are in hop order). */
  readonly hops: Readonly<Record<string, readonly number[]>>;
  readonly model: string;
  readonly version: string;
  readonly storeVersion: number;
  /** The server's score of the target on exactly this graph (empty when it was not asked for). */
  readonly score: readonly number[];
}

/** One binary payload (safetensors: the graph in the fixtures' layout, the rest as metadata), not per-node JSON. */
export function writeNeighbourhood(n: Neighbourhood): Uint8Array {
  return serializeSafetensors(graphToSafetensors(n.batch), {
    format: NEIGHBOURHOOD_FORMAT,
    target: JSON.stringify(n.target),
    ids: JSON.stringify(n.ids),
    hops: JSON.stringify(n.hops),
    model: n.model,
    version: n.version,
    storeVersion: String(n.storeVersion),
    score: JSON.stringify(n.score),
  });
}

/** The payload back; errors say what is wrong with it. */
export function readNeighbourhood(bytes: Uint8Array, name = 'neighbourhood'): Neighbourhood {
  const file = parseSafetensors(bytes, name);
  const m = file.metadata;
  if (m.format !== NEIGHBOURHOOD_FORMAT)
    throw new Error(`${name}: metadata format is ${JSON.stringify(m.format)}, expected '${NEIGHBOURHOOD_FORMAT}'`);
  const target = JSON.parse(m.target) as Neighbourhood['target'];
  const graph = graphFromSafetensors(file);
  const batch: Batch = { ...graph, targets: new Map([[target.type, Int32Array.of(0)]]) };
  return {
    batch,
    target,
    ids: JSON.parse(m.ids),
    hops: JSON.parse(m.hops),
    model: m.model,
    version: m.version,
    storeVersion: Number(m.storeVersion),
    score: JSON.parse(m.score),
  };
}
