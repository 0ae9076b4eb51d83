// The server's allocation-free histogram against prom-client's own: the same observations print
// the same /metrics text.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Histogram, Registry } from 'prom-client';
import { SeriesHistogram } from '../../src/serve/series-histogram.ts';

const BOUNDS = [0.001, 0.01, 0.1, 1];

test('the same observations print as prom-client prints them: buckets cumulative with le, then sum and count, per series', async () => {
  const theirs = new Registry();
  const ours = new Registry();
  const h = new Histogram({
    name: 'x_seconds',
    help: 'h',
    labelNames: ['model', 'stage'],
    buckets: BOUNDS,
    registers: [theirs],
  });
  const s = new SeriesHistogram('x_seconds', 'h', ['model', 'stage'], BOUNDS, ours);
  const values = [0, 0.0005, 0.001, 0.002, 0.01, 0.05, 0.1, 0.5, 1, 2, 1000, -3];
  for (const [i, v] of values.entries()) {
    const labels = i % 3 === 0 ? ['m', 'queue'] : ['m', 'compute'];
    h.labels(...labels).observe(v);
    s.labels(...labels).observe(v);
  }
  assert.is(await ours.metrics(), await theirs.metrics());
  const c = s.labels('m', 'compute');
  assert.is(c.count, 8);
  assert.equal(c.cumulative(), [3, 4, 5, 7], '0.0005, 0.001 and -3 at or below 0.001; 1000 only in +Inf');
});

test('a wrong number of label values is an error naming the labels', () => {
  const s = new SeriesHistogram('y', 'h', ['model', 'version'], BOUNDS, new Registry());
  assert.throws(() => s.labels('m'), /y: 1 label values, expected 2 \(model, version\)/);
});

test.run();
