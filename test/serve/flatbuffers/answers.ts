// The answers of application/x-flatbuffers read back into their JSON form, for the tests.
import { ByteBuffer } from 'flatbuffers';
import {
  ErrorResponse,
  EventsResponse,
  ScoreResponse,
  type TargetScore,
} from '../../../src/generated/flatbuffers/weft.ts';

// biome-ignore lint/suspicious/noExplicitAny: tests read whatever came back
type Json = any;

/** A weft.ScoreResponse in its JSON form: score and decision null when absent, a score of one value a number. */
export function readScoreResponse(bytes: Uint8Array): Json {
  const r = ScoreResponse.getRootAsScoreResponse(new ByteBuffer(bytes));
  const o: Json = { model: r.model(), version: r.version(), variant: r.variant(), fallback: r.fallback() };
  if (r.reason() !== null) o.reason = r.reason();
  if (r.backend() !== null) o.backend = r.backend();
  if (r.storeVersion() !== null) o.storeVersion = Number(r.storeVersion());
  o.scores = Array.from({ length: r.scoresLength() }, (_, i) => targetScore(r.scores(i)!));
  const batch = r.batch();
  if (batch) {
    o.batch = {
      id: Number(batch.id()),
      requests: batch.requests(),
      targets: batch.targets(),
      nodes: Number(batch.nodes()),
      edges: Number(batch.edges()),
    };
  }
  const t = r.timings();
  if (t) {
    o.timings = {};
    for (const k of ['queue', 'sample', 'upload', 'compute', 'readback', 'total', 'server'] as const)
      if (t[k]() !== null) o.timings[k] = t[k]();
  }
  return o;
}

function targetScore(t: TargetScore): Json {
  const score = Array.from({ length: t.scoreLength() }, (_, i) => t.score(i)!);
  const o: Json = {
    type: t.type(),
    id: t.id(),
    score: score.length === 0 ? null : score.length === 1 ? score[0] : score,
    decision: t.decision(),
  };
  if (t.version() !== null) o.version = t.version();
  if (t.variant() !== null) o.variant = t.variant();
  if (t.fallback() !== null) o.fallback = t.fallback();
  if (t.scoredAt() !== null) o.scoredAt = t.scoredAt();
  return o;
}

export function readEventsResponse(bytes: Uint8Array): Json {
  const r = EventsResponse.getRootAsEventsResponse(new ByteBuffer(bytes));
  return {
    seq: Number(r.seq()),
    events: r.events(),
    applied: r.applied(),
    duplicates: r.duplicates(),
    storeVersion: Number(r.storeVersion()),
  };
}

export function readError(bytes: Uint8Array): { error: string | null; message: string | null } {
  const r = ErrorResponse.getRootAsErrorResponse(new ByteBuffer(bytes));
  return { error: r.error(), message: r.message() };
}
