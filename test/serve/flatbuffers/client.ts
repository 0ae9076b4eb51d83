// The client's side of application/x-flatbuffers, for the tests: bodies built with the generated
// classes from their JSON form, and one HTTP call (answers.ts reads the answers).
import { Builder } from 'flatbuffers';
import {
  Attribute,
  Event,
  EventsRequest,
  Op,
  OpKind,
  RelationFanout,
  ScoreOptions,
  ScoreRequest,
  Target,
} from '../../../src/generated/flatbuffers/weft.ts';

export const FLATBUFFERS = 'application/x-flatbuffers';

const str = (b: Builder, s: string | undefined): number => (s === undefined ? 0 : b.createString(s));

export interface ScoreBody {
  model?: string;
  targets?: { type?: string; id?: string }[];
  attributes?: Record<string, string>;
  options?: {
    fanouts?: number[];
    relationFanouts?: Record<string, number[]>;
    mode?: string;
    seed?: number;
    deadlineMs?: number;
    backend?: string;
  };
}

export function scoreRequest(body: ScoreBody): Uint8Array {
  const b = new Builder(256);
  const targets = body.targets?.map((t) => Target.createTarget(b, str(b, t.type), str(b, t.id)));
  const attributes = body.attributes
    ? Object.entries(body.attributes).map(([k, v]) =>
        Attribute.createAttribute(b, b.createString(k), b.createString(v)),
      )
    : undefined;
  const o = body.options;
  let options = 0;
  if (o) {
    const fanouts = o.fanouts ? ScoreOptions.createFanoutsVector(b, o.fanouts) : 0;
    const rf = o.relationFanouts
      ? ScoreOptions.createRelationFanoutsVector(
          b,
          Object.entries(o.relationFanouts).map(([rel, f]) =>
            RelationFanout.createRelationFanout(b, b.createString(rel), RelationFanout.createFanoutsVector(b, f)),
          ),
        )
      : 0;
    options = ScoreOptions.createScoreOptions(
      b,
      fanouts,
      rf,
      str(b, o.mode),
      o.seed === undefined ? null : BigInt(o.seed),
      o.deadlineMs ?? null,
      str(b, o.backend),
    );
  }
  const model = str(b, body.model);
  const targetsVector = targets ? ScoreRequest.createTargetsVector(b, targets) : 0;
  const attributesVector = attributes ? ScoreRequest.createAttributesVector(b, attributes) : 0;
  ScoreRequest.startScoreRequest(b);
  ScoreRequest.addModel(b, model);
  ScoreRequest.addTargets(b, targetsVector);
  ScoreRequest.addAttributes(b, attributesVector);
  ScoreRequest.addOptions(b, options);
  const root = ScoreRequest.endScoreRequest(b);
  b.finish(root);
  return b.asUint8Array().slice();
}

export interface EventsBody {
  events?: {
    id?: string;
    time?: number;
    ops?: {
      op?: keyof typeof OpKind;
      rel?: string;
      src?: string;
      dst?: string;
      type?: string;
      id?: string;
      x?: number[];
      attr?: number[];
      w?: number;
    }[];
  }[];
}

export function eventsRequest(body: EventsBody): Uint8Array {
  const b = new Builder(256);
  const events = body.events?.map((e) => {
    const ops = e.ops?.map((p) =>
      Op.createOp(
        b,
        p.op === undefined ? null : OpKind[p.op],
        str(b, p.rel),
        str(b, p.src),
        str(b, p.dst),
        str(b, p.type),
        str(b, p.id),
        p.x ? Op.createXVector(b, p.x) : 0,
        p.attr ? Op.createAttrVector(b, p.attr) : 0,
        p.w ?? null,
      ),
    );
    return Event.createEvent(b, str(b, e.id), e.time ?? null, ops ? Event.createOpsVector(b, ops) : 0);
  });
  b.finish(EventsRequest.createEventsRequest(b, events ? EventsRequest.createEventsVector(b, events) : 0));
  return b.asUint8Array().slice();
}

export interface Reply {
  status: number;
  type: string;
  bytes: Uint8Array;
}

/** POST (or `method`) a body, FlatBuffers bytes or else JSON (a string as it is), and read the answer's bytes. */
export async function post(
  url: string,
  path: string,
  body: Uint8Array | unknown,
  o: { token?: string; accept?: string; method?: string } = {},
): Promise<Reply> {
  const fb = body instanceof Uint8Array;
  const r = await fetch(url + path, {
    method: o.method ?? 'POST',
    headers: {
      'content-type': fb ? FLATBUFFERS : 'application/json',
      ...(o.accept ? { accept: o.accept } : {}),
      ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
    },
    body: fb ? new Uint8Array(body) : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: r.status, type: r.headers.get('content-type') ?? '', bytes: new Uint8Array(await r.arrayBuffer()) };
}

// biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON came back
export const json = (r: Reply): any => JSON.parse(new TextDecoder().decode(r.bytes));
