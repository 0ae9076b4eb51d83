// The damage matrix: the store of damage-helpers.ts is copied and harmed in one place per case:
// byte flips, zeroed blocks and truncations at seeded random places of every kind of file, and
// missing files. Each case must end in a full recovery of every acknowledged batch, or in a
// refusal naming the file and the byte; then `repair` must bring back every batch not in a
// damaged record, and the store must open. Never a silent loss, never a store that repair
// cannot open. Harms in two places at once: damage-pairs.test.ts.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cleanup } from './durable-helpers.ts';
import { lcg } from './helpers.ts';
import {
  CHECKPOINT,
  CHECKPOINT_COPY,
  type Harm,
  SNAP_10,
  SNAP_20,
  WAL_11,
  WAL_21,
  pristine,
  verdict,
} from './damage-helpers.ts';

const SEED = 20261203;

function cases(dir: string): Harm[] {
  const rnd = lcg(SEED);
  const size = (f: string) => statSync(join(dir, f)).size;
  const out: Harm[] = [];
  const places = (f: string): number[] => {
    const n = size(f);
    return [rnd(Math.min(40, n)), Math.floor(n / 2) + rnd(16), n - 1 - rnd(Math.min(40, n)), rnd(n)];
  };
  for (const file of [WAL_21, WAL_11, SNAP_20, SNAP_10, CHECKPOINT])
    for (const kind of ['flip', 'zero', 'truncate'] as const)
      for (const at of places(file))
        out.push({ file, kind, at: kind === 'truncate' ? Math.min(at, size(file) - 1) : at });
  out.push({ file: SNAP_20, kind: 'flip', at: 8 + rnd(4) }, { file: SNAP_20, kind: 'truncate', at: 0 });
  out.push({ file: WAL_21, kind: 'truncate', at: 0 });
  for (const file of [WAL_21, WAL_11, SNAP_20, CHECKPOINT, CHECKPOINT_COPY]) out.push({ file, kind: 'remove', at: 0 });
  return out;
}

test('every harm: a full recovery or a refusal naming file and byte; repair then keeps every intact batch', async () => {
  const base = await pristine();
  const list = cases(base);
  let refused = 0;
  for (const h of list) if (await verdict(base, [h])) refused++;
  assert.ok(refused > 5 && refused < list.length, `some cases refused, some recovered (${refused} of ${list.length})`);
});

test.after(cleanup);

test.run();
