import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { RunningServer } from '../../src/serve/server.node.ts';
import { call, demoServer } from './helpers.ts';

let s: RunningServer;
test.before(async () => {
  s = await demoServer();
});
test.after(async () => s?.close());

/** The value of a sample line `name{labels} value`, labels matched as a substring. */
function sample(text: string, name: string, labels = ''): number {
  const line = text
    .split('\n')
    .find((l) => (l.startsWith(`${name}{`) || l.startsWith(`${name} `) ? l.includes(labels) : false));
  assert.ok(line, `no sample ${name}{…${labels}…} in /metrics`);
  return Number(line.slice(line.lastIndexOf(' ') + 1));
}

test('GET /metrics: latency, stages and batch sizes per model and version; fallbacks; ingest; store; Node', async () => {
  const model = 'model="demo_fraud_sage",version="1"';
  for (let i = 0; i < 5; i++) await call(s.url, '/v1/score', { targets: [{ type: 'account', id: `account-${i}` }] });
  await call(s.url, '/v1/score', { targets: [{ type: 'account', id: 'account-1' }], options: { deadlineMs: 0.001 } });
  const ev = {
    events: [
      {
        id: 'm-1',
        time: 1_700_000_000,
        ops: [{ op: 'add_edge', rel: 'account__uses__device', src: 'account-1', dst: 'device-2' }],
      },
    ],
  };
  await call(s.url, '/v1/events', ev, s.token);
  await call(s.url, '/v1/events', ev, s.token);
  const m = await call(s.url, '/metrics');
  assert.is(m.status, 200);
  assert.match(m.headers.get('content-type') ?? '', /text\/plain/);
  const text = m.body as string;
  assert.is(sample(text, 'weft_score_latency_seconds_count', `${model},variant="default",outcome="scored"`), 5);
  assert.is(sample(text, 'weft_score_latency_seconds_count', 'outcome="fallback"'), 1);
  assert.is(sample(text, 'weft_score_fallbacks_total', 'reason="deadline"'), 1);
  for (const stage of ['queue', 'sample', 'upload', 'compute', 'readback'])
    assert.is(sample(text, 'weft_score_stage_seconds_count', `stage="${stage}"`), 5, stage);
  assert.is(sample(text, 'weft_score_batch_targets_count', model), 5);
  assert.is(sample(text, 'weft_ingest_events_total', 'result="applied"'), 1);
  assert.is(sample(text, 'weft_ingest_events_total', 'result="duplicate"'), 1);
  assert.is(sample(text, 'weft_store_nodes', 'type="account"'), 10000);
  assert.ok(sample(text, 'weft_store_edge_slots', 'relation="account__uses__device"') > 0);
  assert.ok(!text.includes('relation="device__rev_uses__account"'), 'derived reverses are not counted twice');
  assert.ok(sample(text, 'weft_store_newest_event_age_seconds') >= 0);
  assert.is(sample(text, 'weft_scorer_queue_targets', model), 0);
  assert.ok(sample(text, 'weft_http_requests_in_flight') >= 1, 'the metrics request itself');
  assert.ok(sample(text, 'weft_node_process_resident_memory_bytes') > 0);
  // /v1/stats reads the same counts back as JSON.
  const stats = (await call(s.url, '/v1/stats')).body;
  assert.equal(stats.models['demo_fraud_sage@1'], { scored: 5, fallbacks: 1, overloaded: 0 });
  assert.equal(stats.events, { applied: 1, duplicates: 1, batches: 2 });
});

test.run();
