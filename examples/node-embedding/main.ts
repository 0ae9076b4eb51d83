// The smallest program that embeds Weft without the server: a model, a live graph store, a
// Scorer; events in, scores out. Run it with `npm run example` (or
// `node --import tsx examples/node-embedding/main.ts` from the repository root).
import { fileURLToPath } from 'node:url';
import { CpuBackend, GraphStore, loadModel, Scorer, schemaFromModelJson } from 'weft';
import { readFileSync } from 'node:fs';

const dir = fileURLToPath(new URL('../../models/demo/', import.meta.url));
const model = await loadModel(dir);

// The store's schema comes from the model's graph: node types, relations, feature widths;
// `rev_` relations are derived from their forward ones.
const store = new GraphStore(
  schemaFromModelJson(JSON.parse(readFileSync(`${dir}model.json`, 'utf8')), {}, undefined, true),
);

// Events: nodes with their features, then edges. An event id is applied at most once.
const zeros = (n: number) => Array.from({ length: n }, () => 0);
const widths = Object.fromEntries(store.schema.nodeTypes);
store.ingest([
  {
    id: 'nodes-1',
    time: 1_700_000_000,
    ops: [
      { op: 'upsert_node', type: 'account', id: 'alice', x: zeros(widths.account) },
      { op: 'upsert_node', type: 'account', id: 'bob', x: zeros(widths.account).map((_, i) => (i === 4 ? 3 : 0)) },
      { op: 'upsert_node', type: 'device', id: 'phone-1', x: zeros(widths.device) },
      { op: 'upsert_node', type: 'ip', id: '10.0.0.7', x: zeros(widths.ip) },
    ],
  },
  {
    id: 'edges-1',
    time: 1_700_000_100,
    ops: [
      { op: 'add_edge', rel: 'account__uses__device', src: 'alice', dst: 'phone-1' },
      { op: 'add_edge', rel: 'account__uses__device', src: 'bob', dst: 'phone-1' },
      { op: 'add_edge', rel: 'account__logs_in_from__ip', src: 'bob', dst: '10.0.0.7' },
    ],
  },
]);

const scorer = new Scorer({ model, store, cpu: new CpuBackend() });
const r = await scorer.score({ account: ['alice', 'bob'] });
for (const s of r.scores) console.log(`${s.type} ${s.id}: ${s.score[0].toFixed(6)}`);
console.log(`model ${r.model} on ${r.backend}, ${r.batch.nodes} nodes sampled, ${r.timings.total.toFixed(2)} ms`);
