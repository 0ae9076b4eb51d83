// examples/node-embedding: the engine embedded without the server, run as a user would run it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';

test('examples/node-embedding scores two accounts it ingested, by id', () => {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'examples/node-embedding/main.ts'], {
    encoding: 'utf8',
  });
  const scores = [...out.matchAll(/^account (alice|bob): (\d\.\d+)$/gm)].map((m) => [m[1], Number(m[2])] as const);
  assert.equal(
    scores.map(([id]) => id),
    ['alice', 'bob'],
    out,
  );
  for (const [id, s] of scores) assert.ok(s > 0 && s < 1, `${id}: a probability, got ${s}`);
  assert.match(out, /model demo_fraud_sage on cpu, \d+ nodes sampled/);
});

test.run();
