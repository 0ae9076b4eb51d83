import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GraphStore } from '../../src/graph/store.ts';
import { LastScores } from '../../src/serve/last-scores.ts';
import { PAYS, add, ev, lcg, schema } from '../graph/helpers.ts';

/** A store holding accounts a0..a{n-1} (and one merchant), each by an edge. */
function storeOf(n: number): GraphStore {
  const s = new GraphStore(schema());
  s.ingest(Array.from({ length: n }, (_, i) => ev(`e${i}`, 10, add(PAYS, `a${i}`, 'm0'))));
  return s;
}

test('last scores: kept by node, the newest wins, exact f32 columns and times', () => {
  const last = new LastScores(storeOf(10));
  assert.is(last.get('account', 'a3'), undefined);
  const before = Date.now();
  last.set('account', 'a3', Float32Array.of(0.25, 0.1));
  last.set('account', 'a3', Float32Array.of(0.75, 0.3));
  const got = last.get('account', 'a3')!;
  assert.equal(got.score, [0.75, Math.fround(0.3)]);
  assert.ok(got.at >= before && got.at <= Date.now());
  assert.is(last.count('account'), 1, 'one node, scored twice');
  assert.is(last.get('account', 'a4'), undefined);
  assert.is(last.get('merchant', 'm0'), undefined, 'types apart');
});

test('last scores: a node not in the store, or an unknown type, is not kept', () => {
  const last = new LastScores(storeOf(3));
  last.set('account', 'nobody', [0.5]);
  last.set('planet', 'a1', [0.5]);
  assert.is(last.get('account', 'nobody'), undefined);
  assert.is(last.count('account'), 0);
  assert.is(last.count('planet'), 0);
  assert.equal(last.top('account', 5), []);
});

test('last scores: top n against a sort of every kept score, past the first allocation', () => {
  const n = 3000,
    last = new LastScores(storeOf(n)),
    u = lcg(5),
    want = new Map<string, number>();
  for (let k = 0; k < 5000; k++) {
    const id = `a${u(n)}`,
      s = Math.fround(u(1000) / 1000);
    last.set('account', id, [s]);
    want.set(id, s);
  }
  assert.is(last.count('account'), want.size);
  const top = last.top('account', 25);
  const sorted = [...want.values()].sort((a, b) => b - a).slice(0, 25);
  assert.equal(
    top.map((t) => t.score),
    sorted,
  );
  for (const t of top) assert.is(want.get(t.id), t.score, `${t.id}'s score`);
  assert.is(new Set(top.map((t) => t.id)).size, 25, 'no node twice');
});

test('last scores: outputs of two widths (a gray release of a wider model) each kept, the newest answered', () => {
  const last = new LastScores(storeOf(4));
  last.set('account', 'a1', [0.5]);
  last.set('account', 'a2', [0.1, 0.9]);
  assert.equal(last.get('account', 'a1')!.score, [0.5]);
  assert.equal(last.get('account', 'a2')!.score, [Math.fround(0.1), Math.fround(0.9)]);
  last.set('account', 'a1', [0.25, 0.75]);
  assert.equal(last.get('account', 'a1')!.score, [0.25, 0.75], "a1's newest, from the wider output");
  last.set('account', 'a2', [0.125]);
  assert.equal(last.get('account', 'a2')!.score, [0.125]);
  assert.is(last.count('account'), 2);
  assert.equal(
    last.top('account', 2).map((t) => [t.id, t.score]),
    [
      ['a1', 0.25],
      ['a2', 0.125],
    ],
    "top reads each node's newest score",
  );
});

test.run();
