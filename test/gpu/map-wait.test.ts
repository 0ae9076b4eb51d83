// MapWait decides how long a readback waits before asking dawn.node to map it (mapAsync polls while
// pending). It must never wait where maps are events, never wait on a first run or a sub-millisecond
// one, wait a fraction of what recent runs of the same shape (kernels, order of magnitude of
// workgroups) took, and come down at once when runs get faster, so a shorter run is delayed by at
// most that fraction.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MapWait, submitShape } from '../../src/gpu/map-wait.ts';

test('no wait where maps are not polled, whatever was observed', () => {
  const w = new MapWait(false);
  w.observe('a', 50);
  assert.is(w.delay('a'), 0);
});

test('no wait for a submit shape never seen, nor for sub-millisecond runs', () => {
  const w = new MapWait(true);
  assert.is(w.delay('a'), 0);
  w.observe('a', 0.9);
  assert.is(w.delay('a'), 0);
});

test('waits a fraction of the recent time, per submit shape', () => {
  const w = new MapWait(true);
  const [gemm, gat] = [submitShape(['gemm', 'gather-rows'], 640), submitShape(['gat-attend', 'gather-rows'], 640)];
  w.observe(gemm, 10);
  w.observe(gat, 100);
  assert.ok(w.delay(gemm) >= 5 && w.delay(gemm) < 10, `delay ${w.delay(gemm)} for 10 ms runs`);
  assert.ok(w.delay(gat) >= 50 && w.delay(gat) < 100, `delay ${w.delay(gat)} for 100 ms runs`);
  assert.is(w.delay(submitShape(['gemm', 'gather-rows'], 64000)), 0, 'a hundred times the workgroups is another shape');
  assert.is(
    w.delay(submitShape(['gemm', 'gather-rows'], 700)),
    w.delay(gemm),
    'a few more workgroups is the same shape',
  );
});

test('runs that get faster pull the wait down; slower ones push it up', () => {
  const w = new MapWait(true);
  w.observe('a', 20);
  const first = w.delay('a');
  for (let i = 0; i < 20; i++) w.observe('a', Math.max(w.delay('a'), 2));
  assert.ok(w.delay('a') < first / 4, `delay ${w.delay('a')} after runs of 2 ms, was ${first}`);
  for (let i = 0; i < 20; i++) w.observe('a', 40);
  assert.ok(w.delay('a') > 20, `delay ${w.delay('a')} after runs of 40 ms`);
});

test.run();
