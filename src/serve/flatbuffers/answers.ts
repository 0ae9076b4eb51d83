import { Builder } from 'flatbuffers';
import {
  Batch,
  ErrorResponse,
  EventsResponse,
  ScoreResponse,
  TargetScore,
  Timings,
} from '../../generated/flatbuffers/weft.ts';

/** /v1/score's JSON answer (routes/score.ts), what it may hold. */
interface ScoreAnswer {
  model: string;
  version: string;
  variant?: string;
  fallback: boolean;
  reason?: string;
  backend?: string;
  storeVersion?: number;
  scores: readonly TargetAnswer[];
  batch?: { id: number; requests: number; targets: number; nodes: number; edges: number };
  timings?: Partial<Record<'queue' | 'sample' | 'upload' | 'compute' | 'readback' | 'total' | 'server', number>>;
}

interface TargetAnswer {
  type: string;
  id: string;
  score: number | readonly number[] | null;
  decision: string | null;
  version?: string;
  variant?: string;
  fallback?: boolean;
  scoredAt?: string | null;
}

/** /v1/events's JSON answer (routes/events.ts). */
interface EventsAnswer {
  seq: number;
  events: number;
  applied: number;
  duplicates: number;
  storeVersion: number;
}

const str = (b: Builder, s: string | null | undefined): number => (s == null ? 0 : b.createString(s));

/** The finished buffer, as Fastify sends it (a view of the builder's bytes, not a copy). */
function finish(b: Builder, root: number): Buffer {
  b.finish(root);
  const u8 = b.asUint8Array();
  return Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength);
}

/** A /v1/score answer as a weft.ScoreResponse: a score of one number is a vector of one, null an absent vector. */
export function encodeScoreAnswer(a: ScoreAnswer): Buffer {
  const b = new Builder(256 + 128 * a.scores.length);
  const scores = ScoreResponse.createScoresVector(
    b,
    a.scores.map((t) => targetScore(b, t)),
  );
  const batch = a.batch
    ? Batch.createBatch(
        b,
        BigInt(a.batch.id),
        a.batch.requests,
        a.batch.targets,
        BigInt(a.batch.nodes),
        BigInt(a.batch.edges),
      )
    : 0;
  const t = a.timings;
  const timings = t
    ? Timings.createTimings(
        b,
        t.queue ?? null,
        t.sample ?? null,
        t.upload ?? null,
        t.compute ?? null,
        t.readback ?? null,
        t.total ?? null,
        t.server ?? null,
      )
    : 0;
  const [model, version, variant, reason, backend] = [a.model, a.version, a.variant, a.reason, a.backend].map((s) =>
    str(b, s),
  );
  ScoreResponse.startScoreResponse(b);
  ScoreResponse.addModel(b, model);
  ScoreResponse.addVersion(b, version);
  ScoreResponse.addVariant(b, variant);
  ScoreResponse.addFallback(b, a.fallback);
  ScoreResponse.addReason(b, reason);
  ScoreResponse.addBackend(b, backend);
  if (a.storeVersion !== undefined) ScoreResponse.addStoreVersion(b, BigInt(a.storeVersion));
  ScoreResponse.addScores(b, scores);
  ScoreResponse.addBatch(b, batch);
  ScoreResponse.addTimings(b, timings);
  return finish(b, ScoreResponse.endScoreResponse(b));
}

function targetScore(b: Builder, t: TargetAnswer): number {
  const score =
    t.score === null ? 0 : TargetScore.createScoreVector(b, typeof t.score === 'number' ? [t.score] : [...t.score]);
  return TargetScore.createTargetScore(
    b,
    str(b, t.type),
    str(b, t.id),
    score,
    str(b, t.decision),
    str(b, t.version),
    str(b, t.variant),
    t.fallback ?? null,
    str(b, t.scoredAt),
  );
}

/** A /v1/events answer as a weft.EventsResponse. */
export function encodeEventsAnswer(a: EventsAnswer): Buffer {
  const b = new Builder(64);
  const root = EventsResponse.createEventsResponse(
    b,
    BigInt(a.seq),
    a.events,
    a.applied,
    a.duplicates,
    BigInt(a.storeVersion),
  );
  return finish(b, root);
}

/** Any route's refusal, {error, message}, as a weft.ErrorResponse. */
export function encodeError(a: { error: string; message: string }): Buffer {
  const b = new Builder(64 + a.message.length * 3);
  const error = b.createString(a.error);
  const message = b.createString(a.message);
  return finish(b, ErrorResponse.createErrorResponse(b, error, message));
}
