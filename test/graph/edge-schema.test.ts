import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { schemaFromModelJson } from '../../src/graph/base/model-schema.ts';
import { makeSchema } from '../../src/graph/base/schema.ts';
import { FIXTURES } from '../fixtures.ts';

const spec = (dir: string) => JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
const HOMO = 'node__to__node';

test('schemaFromModelJson derives edge data from edge_dim and uses_edge_weight', () => {
  const cases: [string, number, boolean][] = [
    ['gat_edge', 8, false],
    ['gine', 12, false],
    ['gcn2_ew', 0, true],
    ['sage_mean2', 0, false],
  ];
  for (const [name, attr, weight] of cases) {
    const r = schemaFromModelJson(spec(join(FIXTURES, name))).relations.get(HOMO)!;
    assert.equal([r.edgeAttr, r.edgeWeight], [attr, weight], name);
  }
});

test('a GINEConv model gets its feature width from its nn (no widths passed)', () => {
  assert.is(schemaFromModelJson(spec(join(FIXTURES, 'gine'))).nodeTypes.get('node'), 16);
  assert.is(schemaFromModelJson(spec(join(FIXTURES, 'gin2'))).nodeTypes.get('node'), 16);
});

test('a derived reverse shares its forward edge data; an explicit schema says more', () => {
  const s = schemaFromModelJson(spec(join('test', 'cases', 'hetero_edge_attr')), {}, undefined, true, {
    edgeWeight: { account__sends__account: true },
  });
  const uses = s.relations.get('account__uses__device')!,
    rev = s.relations.get('device__rev_uses__account')!;
  assert.is(rev.reverseOf, uses.key);
  assert.equal([uses.edgeAttr, rev.edgeAttr], [3, 3]);
  assert.ok(s.relations.get('account__sends__account')!.edgeWeight);
});

test('bad edge data in a schema is refused naming the relation, the value and what was expected', () => {
  const base = { nodeTypes: { a: 1 }, relations: ['a__to__a', 'a__rev_to__a'] };
  assert.throws(
    () => makeSchema({ ...base, edgeAttr: { a__to__a: 2.5 } }),
    /edgeAttr for relation 'a__to__a' is 2.5, expected an integer in \[0, 1024\]/,
  );
  assert.throws(
    () => makeSchema({ ...base, edgeAttr: { nope: 2 } }),
    /edgeAttr for relation 'nope', which is not one of/,
  );
  assert.throws(
    () => makeSchema({ ...base, deriveReverse: true, edgeAttr: { a__to__a: 2, a__rev_to__a: 3 } }),
    /edgeAttr for relation 'a__rev_to__a' is 3, but it is the reverse of 'a__to__a' \(edgeAttr 2\)/,
  );
});

test.run();
