/**
 * Writes the demo fraud graph: `node --import tsx models/demo/generate.ts [--accounts N] [--seed S] [--out FILE]`.
 * FILE (default models/demo/graph.safetensors) is in the fixtures' layout; labels, split and
 * planted pattern go beside it in `<FILE without .safetensors>.labels.safetensors`.
 */
import { parseArgs } from 'node:util';
import { writeDemoGraph } from './write.ts';

function positive(name: string, v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name}: '${v}' is not a positive integer`);
  return n;
}

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '5' },
    out: { type: 'string', default: 'models/demo/graph.safetensors' },
  },
});
console.log(writeDemoGraph(values.out!, positive('accounts', values.accounts!), positive('seed', values.seed!)));
