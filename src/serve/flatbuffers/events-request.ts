import { type Event, EventsRequest, type Op, OpKind } from '../../generated/flatbuffers/weft.ts';
import type { CheckedByteBuffer } from './checked-byte-buffer.ts';
import { decodeBody, list, type Obj, put, type Where } from './decode.ts';

/**
 * A weft.EventsRequest FlatBuffer as the JSON body it stands for, `{events: [...]}`, field for
 * field, so the store checks it as it checks JSON; a 400 when it is not one.
 */
export function decodeEventsRequest(bytes: Uint8Array): unknown {
  return decodeBody('weft.EventsRequest', bytes, (bb, w) =>
    eventsRequest(EventsRequest.getRootAsEventsRequest(bb), bb, w),
  );
}

function eventsRequest(r: EventsRequest, bb: CheckedByteBuffer, w: Where): Obj {
  w.in();
  const o: Obj = {};
  put(
    o,
    w.at('events'),
    list(bb, w, r.eventsLength(), (i) => event(r.events(i)!, bb, w)),
  );
  w.out();
  return o;
}

function event(e: Event, bb: CheckedByteBuffer, w: Where): Obj {
  w.in();
  const o: Obj = {};
  put(o, w.at('id'), e.id());
  put(o, w.at('time'), e.time());
  put(
    o,
    w.at('ops'),
    list(bb, w, e.opsLength(), (i) => op(e.ops(i)!, bb, w)),
  );
  w.out();
  return o;
}

function op(p: Op, bb: CheckedByteBuffer, w: Where): Obj {
  w.in();
  const o: Obj = {};
  w.at('op');
  const kind = p.op();
  // A value the enum lacks stays a number, which the store's check names: "field 'op' is 7, expected one of …".
  if (kind !== null) o.op = OpKind[kind] ?? kind;
  put(o, w.at('rel'), p.rel());
  put(o, w.at('src'), p.src());
  put(o, w.at('dst'), p.dst());
  put(o, w.at('type'), p.type());
  put(o, w.at('id'), p.id());
  put(
    o,
    w.at('x'),
    list(bb, w, p.xLength(), (i) => p.x(i)),
  );
  put(
    o,
    w.at('attr'),
    list(bb, w, p.attrLength(), (i) => p.attr(i)),
  );
  put(o, w.at('w'), p.w());
  w.out();
  return o;
}
