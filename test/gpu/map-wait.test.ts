// MapWait decides how long a readback waits before asking dawn.node to map it (mapAsync polls while
// pending). It must never wait where maps are events, never wait on a first run or a sub-millisecond
// one, wait a fraction of what recent runs of the same shape took, and come down at once when runs
// get faster, so a shorter run is delayed by at most that fraction.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MapWait } from '../../src/gpu/map-wait.ts';

test('no wait where maps are not polled, whatever was observed', () => {
  const w = new MapWait(false);
  w.observe(8, 50);
  assert.is(w.delay(8), 0);
});

test('no wait for a submit shape never seen, nor for sub-millisecond runs', () => {
  const w = new MapWait(true);
  assert.is(w.delay(8), 0);
  w.observe(8, 0.9);
  assert.is(w.delay(8), 0);
});

test('waits a fraction of the recent time, per submit shape', () => {
  const w = new MapWait(true);
  w.observe(8, 10);
  w.observe(3, 100);
  assert.ok(w.delay(8) >= 5 && w.delay(8) < 10, `delay ${w.delay(8)} for 10 ms runs`);
  assert.ok(w.delay(3) >= 50 && w.delay(3) < 100, `delay ${w.delay(3)} for 100 ms runs`);
});

test('runs that get faster pull the wait down; slower ones push it up', () => {
  const w = new MapWait(true);
  w.observe(8, 20);
  const first = w.delay(8);
  for (let i = 0; i < 20; i++) w.observe(8, Math.max(w.delay(8), 2));
  assert.ok(w.delay(8) < first / 4, `delay ${w.delay(8)} after runs of 2 ms, was ${first}`);
  for (let i = 0; i < 20; i++) w.observe(8, 40);
  assert.ok(w.delay(8) > 20, `delay ${w.delay(8)} after runs of 40 ms`);
});

test.run();
