// Edge data and delete_node in FlatBuffers events: attr, w and delete_node decode to the JSON body
// they stand for, give the store the same state as that JSON, and are refused as JSON is (a 400
// naming the event, op, field and value) when they do not fit the relation.
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { makeSchema } from '../../../src/graph/base/schema.ts';
import type { GraphEvent } from '../../../src/graph/index.ts';
import { GraphStore } from '../../../src/graph/store.ts';
import { decodeEventsRequest } from '../../../src/serve/flatbuffers/events-request.ts';
import type { RunningServer } from '../../../src/serve/server.node.ts';
import { demoServer } from '../helpers.ts';
import { readError, readEventsResponse } from './answers.ts';
import { type EventsBody, eventsRequest, json, post } from './client.ts';

const PAYS = 'a__pays__m';

function store(): GraphStore {
  return new GraphStore(
    makeSchema({
      nodeTypes: { a: 2, m: 1 },
      relations: [PAYS, 'm__rev_pays__a'],
      deriveReverse: true,
      edgeAttr: { [PAYS]: 3 },
      edgeWeight: { [PAYS]: true },
    }),
  );
}

// Values float32 holds exactly, so the FlatBuffer's floats are the JSON numbers.
const BODY: EventsBody = {
  events: [
    {
      id: 'e1',
      time: 100,
      ops: [
        { op: 'upsert_node', type: 'a', id: 'a1', x: [1, 2] },
        { op: 'add_edge', rel: PAYS, src: 'a1', dst: 'm1', attr: [0.5, -2, 8], w: 2.25 },
        { op: 'add_edge', rel: 'm__rev_pays__a', src: 'm2', dst: 'a2', attr: [1, 1, 1], w: 0 },
        { op: 'add_edge', rel: PAYS, src: 'a3', dst: 'm1', attr: [3, 0, -1], w: 7 },
      ],
    },
    {
      id: 'e2',
      time: 200,
      ops: [
        // A re-add replaces the data (last applied wins); delete_node takes a3's edges away.
        { op: 'add_edge', rel: PAYS, src: 'a1', dst: 'm1', attr: [4, 5, 6], w: 0.125 },
        { op: 'delete_node', type: 'a', id: 'a3' },
        { op: 'delete_node', type: 'a', id: 'a3' },
      ],
    },
    { id: 'e3', time: 300, ops: [{ op: 'add_edge', rel: PAYS, src: 'a3', dst: 'm2', attr: [9, 9, 9], w: 1 }] },
  ],
};

/** What a reader sees: every visible edge of every relation with its time and data, and every node's features. */
function state(s: GraphStore): unknown {
  const edges: Record<string, unknown[]> = {};
  for (const [key, r] of s.relations) {
    const src = s.nodes.get(r.srcType)!.ids,
      dst = s.nodes.get(r.dstType)!.ids,
      words = r.data?.words ?? 0;
    const rows: unknown[] = [];
    for (let e = 0; e < r.slots; e++)
      if (r.ts.get(e) > 0)
        rows.push([
          src.idOf(r.src.get(e)),
          dst.idOf(r.dst.get(e)),
          r.ts.get(e),
          ...Array.from({ length: words }, (_, k) => r.data!.get(e, k)),
        ]);
    edges[key] = rows;
  }
  const nodes: Record<string, unknown> = {};
  for (const [t, n] of s.nodes)
    for (let i = 0; i < n.ids.size; i++) nodes[`${t}/${n.ids.idOf(i)}`] = s.features(t, n.ids.idOf(i)) ?? 'deleted';
  return { edges, nodes };
}

test('attr, w and delete_node decode to the JSON body and give the store the same state', () => {
  const decoded = decodeEventsRequest(eventsRequest(BODY)) as { events: GraphEvent[] };
  assert.equal(decoded, BODY);
  const fb = store(),
    viaJson = store();
  fb.ingest(decoded.events);
  viaJson.ingest(JSON.parse(JSON.stringify(BODY)).events);
  assert.equal(state(fb), state(viaJson));
  const s = state(fb) as { edges: Record<string, unknown[][]>; nodes: Record<string, unknown> };
  assert.equal(
    s.edges[PAYS].find((row) => row[0] === 'a1'),
    ['a1', 'm1', 201, 0.125, 4, 5, 6],
    'the re-add won',
  );
  assert.equal(
    s.edges[PAYS].filter((row) => row[0] === 'a3'),
    [['a3', 'm2', 301, 1, 9, 9, 9]],
    "a3's edges before its delete are gone; the one after stands",
  );
});

let server: RunningServer;
test.before(async () => {
  // A model whose account__uses__device edges carry a 3-wide attribute (GINEConv edge_dim 3).
  const dir = join(import.meta.dirname, '../../cases/hetero_edge_attr');
  server = await demoServer({ modelDir: dir, graphFile: join(dir, 'graph.safetensors') });
});
test.after(async () => server?.close());

const USES = 'account__uses__device';
const bad = (ops: NonNullable<EventsBody['events']>[number]['ops']): EventsBody => ({
  events: [{ id: 'bad', time: 1_700_000_000, ops }],
});

test('over HTTP: an attr edge and a delete_node are applied; a bad width or a stray w is the JSON 400', async () => {
  const ok = await post(
    server.url,
    '/v1/events',
    eventsRequest({
      events: [
        {
          id: 'fb-1',
          time: 1_700_000_000,
          ops: [{ op: 'add_edge', rel: USES, src: 'acc-x', dst: 'dev-x', attr: [1, 2, 3] }],
        },
        { id: 'fb-2', time: 1_700_000_001, ops: [{ op: 'delete_node', type: 'account', id: 'acc-x' }] },
      ],
    }),
    { token: server.token },
  );
  assert.is(ok.status, 200, readError(ok.bytes).message ?? '');
  const a = readEventsResponse(ok.bytes);
  assert.equal([a.events, a.applied], [2, 2]);
  for (const [body, expected] of [
    [
      bad([{ op: 'add_edge', rel: USES, src: 'acc-y', dst: 'dev-y', attr: [1, 2] }]),
      /field 'attr' has 2 values, expected 3/,
    ],
    [bad([{ op: 'add_edge', rel: USES, src: 'acc-y', dst: 'dev-y' }]), /field 'attr'/],
    [bad([{ op: 'add_edge', rel: USES, src: 'acc-y', dst: 'dev-y', attr: [1, 2, 3], w: 1 }]), /field 'w'/],
    [bad([{ op: 'delete_node', type: 'account' }]), /field 'id'/],
  ] as const) {
    const fb = await post(server.url, '/v1/events', eventsRequest(body), { token: server.token });
    const viaJson = await post(server.url, '/v1/events', body, { token: server.token });
    const what = JSON.stringify(body);
    assert.is(fb.status, 400, what);
    assert.is(viaJson.status, 400, what);
    assert.equal(readError(fb.bytes), json(viaJson), what);
    assert.match(readError(fb.bytes).message ?? '', expected, what);
  }
  const nan = await post(
    server.url,
    '/v1/events',
    eventsRequest(bad([{ op: 'add_edge', rel: USES, src: 'acc-y', dst: 'dev-y', attr: [1, Number.NaN, 3] }])),
    { token: server.token },
  );
  assert.is(nan.status, 400);
  assert.match(readError(nan.bytes).message ?? '', /field 'attr\[1\]' is NaN, expected a finite float32 value/);
});

test.run();
