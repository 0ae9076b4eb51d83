// The modes that read edge weights: 'weighted' draws without replacement with probability
// proportional to the weight (a chi-square test over many seeds, for single draws and for pairs),
// 'top' keeps the heaviest, ties to the newest; both refuse a relation without weights.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { makeSchema } from '../../src/graph/base/schema.ts';
import { GraphStore } from '../../src/graph/store.ts';
import { Sampler } from '../../src/sample/sampler.ts';
import type { SampleOptions } from '../../src/sample/options.ts';

const REL = 'a__pays__a';
const WEIGHTS = [1, 2, 3, 4, 10, 0];
// Chi-square critical values at p = 0.001 (so a correct sampler fails one run in a thousand).
const CHI2_001: Record<number, number> = { 4: 18.47, 9: 27.88, 35: 66.62 };
// hub2 has enough in-edges per draw that 'weighted' draws by rejection (pick-weighted.ts), hub by a scan.
const WEIGHTS2 = [1, 2, 3, 4, 10, 1, 2, 3, 4, 0];
const SEEDS = 6000;

function store(): GraphStore {
  const s = new GraphStore(
    makeSchema({ nodeTypes: { a: 1 }, relations: [REL, 'a__knows__a'], edgeWeight: { [REL]: true } }),
  );
  s.ingest([
    {
      id: 'e1',
      time: 10,
      ops: [
        ...WEIGHTS.map((w, i) => ({ op: 'add_edge' as const, rel: REL, src: `s${i}`, dst: 'hub', w })),
        ...WEIGHTS2.map((w, i) => ({ op: 'add_edge' as const, rel: REL, src: `s${i}`, dst: 'hub2', w })),
      ],
    },
  ]);
  return s;
}

/** The sources drawn into `hub` (indices into its weights), sorted. */
function drawn(sampler: Sampler, opts: SampleOptions, hub = 'hub'): number[] {
  const s = sampler.sample({ a: [hub] }, { relationFanouts: { a__knows__a: [0] }, ...opts });
  const csr = s.batch.edges.get(REL)!.csr,
    rows = s.rows.get('a')!,
    ids = sampler.store.nodes.get('a')!.ids;
  return [...csr.col.subarray(csr.rowptr[0], csr.rowptr[1])].map((r) => Number(ids.idOf(rows[r]).slice(1))).sort();
}

function chiSquare(counts: number[], expected: number[]): number {
  return counts.reduce((x, c, i) => x + (c - expected[i]) ** 2 / expected[i], 0);
}

test("'weighted', one draw: each edge in proportion to its weight, never one of weight 0", () => {
  const sampler = new Sampler(store());
  const counts = new Array(WEIGHTS.length).fill(0);
  for (let seed = 0; seed < SEEDS; seed++)
    for (const i of drawn(sampler, { fanouts: [1], mode: 'weighted', seed })) counts[i]++;
  assert.is(counts[5], 0, 'weight 0 is never drawn');
  const W = 20;
  const chi = chiSquare(
    counts.slice(0, 5),
    WEIGHTS.slice(0, 5).map((w) => (SEEDS * w) / W),
  );
  assert.ok(chi < CHI2_001[4], `chi-square ${chi.toFixed(2)} over counts ${counts} (4 dof, p = 0.001: ${CHI2_001[4]})`);
  assert.equal(
    drawn(sampler, { fanouts: [1], mode: 'weighted', seed: 7 }),
    drawn(sampler, { fanouts: [1], mode: 'weighted', seed: 7 }),
    'seeded',
  );
});

for (const [hub, weights] of [
  ['hub', WEIGHTS],
  ['hub2', WEIGHTS2],
] as const)
  test(`'weighted', two draws without replacement into ${hub}: each pair as successive proportional draws give it`, () => {
    const sampler = new Sampler(store());
    const w = weights.filter((x) => x > 0),
      W = w.reduce((a, b) => a + b, 0);
    const pairs: [number, number][] = [];
    for (let i = 0; i < w.length; i++) for (let j = i + 1; j < w.length; j++) pairs.push([i, j]);
    const counts = new Array(pairs.length).fill(0);
    for (let seed = 0; seed < SEEDS; seed++) {
      const d = drawn(sampler, { fanouts: [2], mode: 'weighted', seed }, hub);
      assert.is(d.length, 2);
      counts[pairs.findIndex(([i, j]) => i === d[0] && j === d[1])]++;
    }
    const expected = pairs.map(
      ([i, j]) => SEEDS * ((w[i] / W) * (w[j] / (W - w[i])) + (w[j] / W) * (w[i] / (W - w[j]))),
    );
    const chi = chiSquare(counts, expected),
      dof = pairs.length - 1;
    assert.ok(
      chi < CHI2_001[dof],
      `chi-square ${chi.toFixed(2)} over pair counts ${counts} (${dof} dof, p = 0.001: ${CHI2_001[dof]})`,
    );
  });

test("'top': the heaviest in-edges, ties to the most recent", () => {
  const s = store();
  const sampler = new Sampler(s);
  assert.equal(drawn(sampler, { fanouts: [2], mode: 'top' }), [3, 4]);
  // s6 and s7 tie s3's weight 4; s7 is the newest of the three, then s6.
  s.ingest([
    {
      id: 'e2',
      time: 20,
      ops: [
        { op: 'add_edge', rel: REL, src: 's6', dst: 'hub', w: 4 },
        { op: 'add_edge', rel: REL, src: 's7', dst: 'hub', w: 4 },
      ],
    },
  ]);
  assert.equal(drawn(sampler, { fanouts: [3], mode: 'top' }), [4, 6, 7]);
});

test('the weight modes refuse a sampled relation without weights, naming it', () => {
  const sampler = new Sampler(store());
  assert.throws(
    () => sampler.sample({ a: ['hub'] }, { fanouts: [2], mode: 'weighted' }),
    /mode is 'weighted', which reads edge weights, but relation 'a__knows__a' carries none/,
  );
  assert.throws(
    () => sampler.sample({ a: ['hub'] }, { fanouts: [2], mode: 'sideways' as never }),
    /expected one of 'uniform', 'recent', 'weighted', 'top'/,
  );
});

test.run();
