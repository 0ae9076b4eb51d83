// The request decoders on hand-made hostile buffers: each is refused, fast, naming the field and the fault.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Builder, ByteBuffer } from 'flatbuffers';
import { ScoreRequest, Target } from '../../../src/generated/flatbuffers/weft.ts';
import { HttpError } from '../../../src/serve/errors.ts';
import { decodeEventsRequest } from '../../../src/serve/flatbuffers/events-request.ts';
import { decodeScoreRequest } from '../../../src/serve/flatbuffers/score-request.ts';
import { eventsRequest, scoreRequest } from './client.ts';

function refusal(decode: (b: Uint8Array) => unknown, bytes: Uint8Array): string {
  try {
    decode(bytes);
  } catch (e) {
    assert.instance(e, HttpError);
    assert.is((e as HttpError).statusCode, 400);
    return (e as Error).message;
  }
  assert.unreachable('decoded');
  return '';
}

/** A ScoreRequest whose targets are `n` tables sharing one type and one id string of `chars` characters. */
function shared(n: number, chars: number): Uint8Array {
  const b = new Builder(1024);
  const s = b.createString('a'.repeat(chars));
  const t = Target.createTarget(b, s, s);
  const targets = ScoreRequest.createTargetsVector(b, new Array(n).fill(t));
  ScoreRequest.startScoreRequest(b);
  ScoreRequest.addTargets(b, targets);
  b.finish(ScoreRequest.endScoreRequest(b));
  return b.asUint8Array().slice();
}

test('the decoded body is the JSON body, absent fields absent and empty vectors empty', () => {
  assert.equal(
    decodeScoreRequest(scoreRequest({ targets: [{ type: 'account', id: 'a-1' }], options: { fanouts: [] } })),
    {
      targets: [{ type: 'account', id: 'a-1' }],
      options: { fanouts: [] },
    },
  );
  const body = {
    model: 'm',
    targets: [{ type: 'account' }],
    attributes: { country: 'NL', tier: 'gold' },
    options: {
      fanouts: [3, -1],
      relationFanouts: { r1: [1], r2: [] },
      mode: 'recent',
      seed: -9,
      deadlineMs: 2.5,
      backend: 'cpu',
    },
  };
  assert.equal(decodeScoreRequest(scoreRequest(body)), body);
  const events = {
    events: [{ id: 'e', ops: [{ op: 'upsert_node' as const, type: 'd', id: 'd-1', x: [0.5, -2] }, {}] }],
  };
  assert.equal(decodeEventsRequest(eventsRequest(events)), events);
  assert.equal(decodeEventsRequest(eventsRequest({ events: [{ id: 'e', time: 0, ops: [] }] })), {
    events: [{ id: 'e', time: 0, ops: [] }],
  });
});

test('a string or vector shared past the budget is refused before it is read out in full', () => {
  assert.is((decodeScoreRequest(shared(8, 100)) as { targets: unknown[] }).targets.length, 8, 'some sharing is fine');
  const big = shared(2000, 16_000);
  assert.ok(big.length < 64 * 1024, `${big.length} bytes: under /v1/score's body limit`);
  const t0 = performance.now();
  assert.match(
    refusal(decodeScoreRequest, big),
    /at body\.targets\[\d+\]\.(type|id), the string at byte \d+ takes .* \(shared too often\)/,
  );
  assert.ok(performance.now() - t0 < 100, 'refused early, not after 64 MB of strings');
});

test('a vector claiming more elements than the buffer holds is refused without a loop over them', () => {
  const bytes = scoreRequest({ targets: [{ type: 'account', id: 'a-1' }] });
  const bb = new ByteBuffer(bytes);
  const root = ScoreRequest.getRootAsScoreRequest(bb);
  const vector = bb.__indirect(root.bb_pos + bb.__offset(root.bb_pos, 6));
  bb.writeInt32(vector, 0x7fffffff);
  assert.match(
    refusal(decodeScoreRequest, bytes),
    /at body\.targets, the vector at byte \d+ claims 2147483647 elements/,
  );
  bb.writeInt32(vector, -1);
  assert.match(refusal(decodeScoreRequest, bytes), /claims -1 elements/);
});

test('a string that is not UTF-8, an absent required key, a "__proto__" key: refused, naming the field', () => {
  const b = new Builder(64);
  const bad = b.createString(Uint8Array.from([0x61, 0xff, 0xfe]));
  const targets = ScoreRequest.createTargetsVector(b, [Target.createTarget(b, bad, 0)]);
  ScoreRequest.startScoreRequest(b);
  ScoreRequest.addTargets(b, targets);
  b.finish(ScoreRequest.endScoreRequest(b));
  assert.match(
    refusal(decodeScoreRequest, b.asUint8Array()),
    /at body\.targets\[0\]\.type, the string at byte \d+ is not UTF-8/,
  );

  // An Attribute without its key (the generated end* checks `required`; startObject does not).
  const c = new Builder(64);
  const value = c.createString('v');
  c.startObject(2);
  c.addFieldOffset(1, value, 0);
  const attributes = ScoreRequest.createAttributesVector(c, [c.endObject()]);
  ScoreRequest.startScoreRequest(c);
  ScoreRequest.addAttributes(c, attributes);
  c.finish(ScoreRequest.endScoreRequest(c));
  assert.match(
    refusal(decodeScoreRequest, c.asUint8Array()),
    /at body\.attributes\[0\]\.key, the field is required and absent/,
  );

  const proto = scoreRequest({ targets: [], attributes: { ['__proto__']: 'x' } });
  assert.match(refusal(decodeScoreRequest, proto), /body\.attributes has the key "__proto__", which is forbidden/);
});

test.run();
