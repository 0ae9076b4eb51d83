// Random, truncated, bit-flipped and overwritten FlatBuffers bodies against /v1/score and
// /v1/events: never a 5xx, every refusal a 4xx ErrorResponse with a message, the server up, the store
// unchanged. A mutated score request may still be a valid one (a 200, counted apart); a mutated batch
// could be too, so every event of the base batch is wrong twice over (see BATCH).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { RunningServer } from '../../../src/serve/server.node.ts';
import { call, demoServer, rng } from '../helpers.ts';
import { readError, readScoreResponse } from './answers.ts';
import { eventsRequest, FLATBUFFERS, json, post, scoreRequest } from './client.ts';

let s: RunningServer;
test.before(async () => {
  s = await demoServer();
});
test.after(async () => s?.close());

const SCORES = [
  scoreRequest({ targets: [{ type: 'account', id: 'account-1' }] }),
  scoreRequest({
    model: 'demo_fraud_sage',
    targets: [
      { type: 'account', id: 'account-2' },
      { type: 'account', id: 'account-3' },
    ],
    attributes: { country: 'NL' },
    options: { fanouts: [4, 2], relationFanouts: { account__uses__device: [3, 1] }, seed: 5, deadlineMs: 500 },
  }),
];

/**
 * Each event is refused twice over, a time before the epoch and ops on a relation or node type the
 * store lacks, and the buffer holds no name the store knows: a handful of flipped bits cannot make
 * it a batch the store takes. The test still checks the store, not this argument.
 */
const BATCH = eventsRequest({
  events: [
    { id: 'fz-1', time: -5, ops: [{ op: 'add_edge', rel: 'no__such__rel', src: 'account-1', dst: 'device-1' }] },
    { id: 'fz-2', time: -7, ops: [{ op: 'upsert_node', type: 'no_such_type', id: 'n-1', x: [1, 2, 3] }] },
    { id: 'fz-3', time: -9, ops: [{ op: 'delete_edge', rel: 'nor__this__rel', src: 'a', dst: 'b' }, {}] },
  ],
});

/** A JSON body's bytes, sent as FlatBuffers. */
const JSON_BYTES = new TextEncoder().encode(JSON.stringify({ targets: [{ type: 'account', id: 'account-1' }] }));

function mutate(base: Uint8Array, r: () => number): Uint8Array {
  const pick = (n: number) => Math.floor(r() * n);
  const kind = pick(5);
  if (kind === 0) return Uint8Array.from({ length: pick(200) }, () => pick(256));
  if (kind === 1) return base.slice(0, pick(base.length));
  const b = base.slice();
  if (kind === 2) for (let k = 1 + pick(4); k > 0; k--) b[pick(b.length)] ^= 1 << pick(8);
  else if (kind === 3) {
    // An offset or a length overwritten: small, negative or huge.
    const at = pick(b.length >> 2) << 2;
    new DataView(b.buffer).setInt32(at, [pick(64), -pick(64), 0x7fffffff, pick(b.length * 2)][pick(4)], true);
  } else b.fill(0xff, pick(b.length), pick(b.length));
  return b;
}

/** Mostly the route's own root type; now and then the other route's, or a JSON body's bytes. */
function baseOf(i: number, events: boolean): Uint8Array {
  if (i % 10 < 2) return events ? SCORES[1] : BATCH;
  if (i % 10 === 4) return JSON_BYTES;
  return events ? BATCH : SCORES[(i >> 1) % 2];
}

const SCORE = { targets: [{ type: 'account', id: 'account-1' }], options: { seed: 1 } };

/** What the store holds, as the server reports it: a score, its version, node and edge counts, batches ingested. */
async function store(): Promise<unknown> {
  const scored = (await call(s.url, '/v1/score', SCORE)).body;
  const metrics = String((await call(s.url, '/metrics')).body);
  return {
    storeVersion: scored.storeVersion,
    score: scored.scores[0].score,
    counts: metrics.split('\n').filter((l) => /^weft_store_(nodes|edge_slots)\{/.test(l)),
    events: (await call(s.url, '/v1/stats')).body.events,
  };
}

test('fuzz: 600 mutated FlatBuffers bodies: a 200 or a 4xx ErrorResponse, never a 5xx; the store unchanged', async () => {
  const r = rng(4242);
  const before = await store();
  const statuses = new Map<string, number>();
  const fails: string[] = [];
  for (let i = 0; i < 600; i++) {
    const events = i % 2 === 1;
    const base = baseOf(i, events);
    const body = mutate(base, r);
    // Now and then the mutated bytes labelled JSON.
    const asJson = i % 50 === 3;
    const a = await post(s.url, events ? '/v1/events' : '/v1/score', asJson ? new TextDecoder().decode(body) : body, {
      token: events ? s.token : undefined,
    });
    const key = `${events ? 'events' : 'score'} ${a.status}`;
    statuses.set(key, (statuses.get(key) ?? 0) + 1);
    const what = () => `${key} (body ${i}, ${body.length} bytes ${Buffer.from(body).toString('hex').slice(0, 80)})`;
    if (a.status === 200 && !events) {
      const answer = readScoreResponse(a.bytes);
      if (
        answer.model !== 'demo_fraud_sage' ||
        !answer.scores.every((t: { score: unknown }) => typeof t.score === 'number')
      )
        fails.push(`${what()}: ${JSON.stringify(answer)}`);
      continue;
    }
    if (a.status < 400 || a.status >= 500) {
      fails.push(`${what()}: ${new TextDecoder().decode(a.bytes).slice(0, 200)}`);
      continue;
    }
    const e = asJson ? json(a) : a.type === FLATBUFFERS ? readError(a.bytes) : { error: null, message: null };
    if (!e.error || !e.message) fails.push(`${what()}: no {error, message} (${a.type})`);
  }
  assert.equal(fails, [], `${fails.length} answers were neither a well-formed 200 nor a 4xx error`);
  assert.is((await call(s.url, '/healthz')).status, 200, 'the server is up');
  assert.equal(await store(), before, 'no fuzzed batch reached the store');
  const counts = JSON.stringify([...statuses].sort());
  assert.ok((statuses.get('events 400') ?? 0) > 250, counts);
  assert.ok((statuses.get('score 400') ?? 0) > 150, counts);
});

test.run();
