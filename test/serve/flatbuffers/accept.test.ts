import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { answersFlatBuffers } from '../../../src/serve/flatbuffers/accept.ts';

const FB = 'application/x-flatbuffers';
const JSON_TYPE = 'application/json';

// [Accept, request Content-Type, answered in FlatBuffers]
const CASES: [string | undefined, string | undefined, boolean][] = [
  [undefined, FB, true],
  [undefined, `${FB}; charset=binary`, true],
  [undefined, JSON_TYPE, false],
  [undefined, undefined, false],
  ['*/*', FB, true],
  ['application/*', JSON_TYPE, false],
  [FB, JSON_TYPE, true],
  [JSON_TYPE, FB, false],
  [`${FB};q=0`, FB, false],
  [`${JSON_TYPE};q=0.5, ${FB}`, JSON_TYPE, true],
  [`${JSON_TYPE}, ${FB};q=0.9`, FB, false],
  [`${JSON_TYPE}, ${FB}`, FB, true],
  [`${JSON_TYPE}, ${FB}`, JSON_TYPE, false],
  [`${FB.toUpperCase()};q=oops`, FB, false],
];

test('Accept ranks the two formats; a tie or neither named: the body format', () => {
  for (const [accept, type, expected] of CASES)
    assert.is(answersFlatBuffers(accept, type), expected, `Accept ${accept}, Content-Type ${type}`);
});

test.run();
