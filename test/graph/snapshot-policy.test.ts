// When a DurableStore snapshots: every snapshotEveryBytes of log when given; else every 32 MiB,
// or a quarter of the last snapshot's size when that is more (a large store then writes a bounded
// multiple of its events' bytes in snapshots, and replays at most that quarter after a crash).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { snapshotAfter } from '../../src/graph/durable/durable-options.ts';

const MiB = 2 ** 20;

test('snapshotEveryBytes, when given, is used as it is, whatever the last snapshot weighed', () => {
  assert.is(snapshotAfter(4096, 0), 4096);
  assert.is(snapshotAfter(4096, 657e6), 4096);
});

test('by default: 32 MiB, or a quarter of the last snapshot when that is more', () => {
  assert.is(snapshotAfter(undefined, 0), 32 * MiB, 'no snapshot yet');
  assert.is(snapshotAfter(undefined, 40e6), 32 * MiB, 'a 40 MB snapshot: the floor');
  assert.is(snapshotAfter(undefined, 657e6), 657e6 / 4, 'the 1M-account graph: a quarter of 657 MB');
});

test.run();
