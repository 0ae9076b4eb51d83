// Harms in two places at once, where one could hide the other: the checkpoint (one copy, or both)
// flipped, zeroed, truncated or removed, together with the last log segment torn, cut at a record
// boundary (a shortened log that reads clean), cut to nothing or to its header, flipped, zeroed
// or removed. With the checkpoint unreadable a shortened log looks like one that ended, so each
// must still end in a full recovery or a refusal naming file and byte (damage-helpers.ts), and
// repair must then keep every intact batch.
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cleanup } from './durable-helpers.ts';
import { lcg } from './helpers.ts';
import { CHECKPOINT, CHECKPOINT_COPY, type Harm, N, WAL_21, pristine, recordSpans, verdict } from './damage-helpers.ts';

const SEED = 20261204;

function checkpointHarms(rnd: (n: number) => number): Harm[][] {
  const out: Harm[][] = [];
  for (const files of [[CHECKPOINT], [CHECKPOINT_COPY], [CHECKPOINT, CHECKPOINT_COPY]]) {
    const at = { flip: rnd(24), zero: 0, truncate: rnd(24), remove: 0 };
    for (const kind of ['flip', 'zero', 'truncate', 'remove'] as const)
      out.push(files.map((file) => ({ file, kind, at: at[kind] })));
  }
  return out;
}

function segmentHarms(dir: string, rnd: (n: number) => number): Harm[] {
  const spans = recordSpans(join(dir, WAL_21), 21);
  const [from, to] = spans.get(N)!;
  const mid = spans.get(21 + rnd(N - 21))!;
  return [
    { file: WAL_21, kind: 'truncate', at: from + 1 + rnd(to - from - 1) },
    { file: WAL_21, kind: 'truncate', at: mid[0] },
    { file: WAL_21, kind: 'truncate', at: 0 },
    { file: WAL_21, kind: 'truncate', at: 24 },
    { file: WAL_21, kind: 'flip', at: from + rnd(to - from) },
    { file: WAL_21, kind: 'zero', at: mid[0] + rnd(mid[1] - mid[0]) },
    { file: WAL_21, kind: 'remove', at: 0 },
  ];
}

test('checkpoint and last segment harmed together: never a silent loss', async () => {
  const base = await pristine();
  const rnd = lcg(SEED);
  let refused = 0,
    cases = 0;
  for (const cp of checkpointHarms(rnd))
    for (const seg of segmentHarms(base, rnd)) {
      cases++;
      if (await verdict(base, [...cp, seg])) refused++;
    }
  assert.ok(
    refused === cases,
    `every pair loses a batch or both checkpoints, so every one is refused (${refused} of ${cases})`,
  );
});

test('both checkpoint files harmed, the log whole: refused, and repair loses nothing', async () => {
  const base = await pristine();
  for (const cp of checkpointHarms(lcg(SEED)).slice(8))
    assert.ok(await verdict(base, cp), `${cp.map((h) => h.kind).join(', ')}: refused`);
});

test.after(cleanup);

test.run();
