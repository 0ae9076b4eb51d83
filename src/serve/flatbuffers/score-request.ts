import {
  type Attribute,
  type RelationFanout,
  type ScoreOptions,
  ScoreRequest,
  type Target,
} from '../../generated/flatbuffers/weft.ts';
import type { CheckedByteBuffer } from './checked-byte-buffer.ts';
import { decodeBody, list, type Obj, object, put, required, type Where } from './decode.ts';

/**
 * A weft.ScoreRequest FlatBuffer as the JSON body it stands for, field for field, so /v1/score's
 * schema checks it as it checks JSON and names the same fields; a 400 when it is not one.
 */
export function decodeScoreRequest(bytes: Uint8Array): unknown {
  return decodeBody('weft.ScoreRequest', bytes, (bb, w) => scoreRequest(ScoreRequest.getRootAsScoreRequest(bb), bb, w));
}

function scoreRequest(r: ScoreRequest, bb: CheckedByteBuffer, w: Where): Obj {
  w.in();
  const o: Obj = {};
  put(o, w.at('model'), r.model());
  put(
    o,
    w.at('targets'),
    list(bb, w, r.targetsLength(), (i) => target(r.targets(i)!, w)),
  );
  w.at('attributes');
  put(
    o,
    'attributes',
    object(
      list(bb, w, r.attributesLength(), (i) => attribute(r.attributes(i)!, w)),
      w,
    ),
  );
  w.at('options');
  const options = r.options();
  if (options) o.options = scoreOptions(options, bb, w);
  w.out();
  return o;
}

function target(t: Target, w: Where): Obj {
  w.in();
  const o: Obj = {};
  put(o, w.at('type'), t.type());
  put(o, w.at('id'), t.id());
  w.out();
  return o;
}

function attribute(a: Attribute, w: Where): [string, string] {
  w.in();
  w.at('key');
  const k = required(a.key());
  w.at('value');
  const v = required(a.value());
  w.out();
  return [k, v];
}

function scoreOptions(s: ScoreOptions, bb: CheckedByteBuffer, w: Where): Obj {
  w.in();
  const o: Obj = {};
  put(
    o,
    w.at('fanouts'),
    list(bb, w, s.fanoutsLength(), (i) => s.fanouts(i)),
  );
  w.at('relationFanouts');
  const rf = list(bb, w, s.relationFanoutsLength(), (i) => relationFanout(s.relationFanouts(i)!, bb, w));
  put(o, 'relationFanouts', object(rf, w));
  put(o, w.at('mode'), s.mode());
  w.at('seed');
  const seed = s.seed();
  // As JSON.parse reads an integer past 2^53: the nearest double.
  if (seed !== null) o.seed = Number(seed);
  put(o, w.at('deadlineMs'), s.deadlineMs());
  put(o, w.at('backend'), s.backend());
  w.out();
  return o;
}

function relationFanout(f: RelationFanout, bb: CheckedByteBuffer, w: Where): [string, unknown] {
  w.in();
  w.at('rel');
  const rel = required(f.rel());
  w.at('fanouts');
  const fanouts = required(list(bb, w, f.fanoutsLength(), (i) => f.fanouts(i)));
  w.out();
  return [rel, fanouts];
}
