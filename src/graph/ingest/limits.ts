import { MAX_ID_LENGTH } from '../base/id-bytes.ts';
import { MAX_TIME } from './events.ts';

/**
 * What one batch may hold, checked before it is logged (each refusal names the limit and the
 * value). They bound what a caller can make the store do, not what the format holds: replay
 * checks records against FORMAT_BOUNDS only, so lowering a limit never makes a logged batch
 * unreadable.
 */
export interface IngestLimits {
  /** Encoded size of a batch. Default 64 MiB: a 10,000-edge batch of `npm run bench -- graph` is about 0.3 MiB, and a log record holds up to 1 GiB. */
  readonly maxBatchBytes: number;
  /** Characters of an event or node id (the format holds up to 32,767). Default 1,024. */
  readonly maxIdLength: number;
  /** Ops in a batch, all events together. Default 1,000,000. */
  readonly maxOps: number;
  /**
   * How far past the wall clock an event's time may be, in seconds. Default 3,600. TTL expiry
   * reads "now" as the newest event time applied, so one event from the far future would hide
   * every TTL edge for good; an event later than the wall clock plus this is refused instead.
   * Older events are always accepted (late delivery is normal). Replay does not check it.
   */
  readonly maxSkewSeconds: number;
}

export const DEFAULT_LIMITS: IngestLimits = {
  maxBatchBytes: 64 * 2 ** 20,
  maxIdLength: 1024,
  maxOps: 1_000_000,
  maxSkewSeconds: 3600,
};

/** The limits as one batch is checked against them: event times bounded by a clock read once per batch. */
export interface Bounds {
  readonly maxBatchBytes: number;
  readonly maxIdLength: number;
  readonly maxOps: number;
  /** Latest event time accepted (seconds since the epoch). */
  readonly maxTime: number;
  /** Says why maxTime is what it is, for the error. */
  readonly timeRule: string;
}

/** A record's body may be up to this many bytes: the log's record limit (1 GiB) less its header. */
const MAX_BODY_BYTES = 2 ** 30 - 64;

/** What the format itself holds: what replay checks a logged record against. */
export const FORMAT_BOUNDS: Bounds = {
  maxBatchBytes: MAX_BODY_BYTES,
  maxIdLength: MAX_ID_LENGTH,
  maxOps: Number.POSITIVE_INFINITY,
  maxTime: MAX_TIME,
  timeRule: 'the largest time the store holds',
};

/** Bounds for a batch ingested now (nowMs: the wall clock, Date.now()). */
export function boundsAt(limits: IngestLimits, nowMs: number): Bounds {
  const skewed = Math.floor(nowMs / 1000) + limits.maxSkewSeconds;
  return {
    maxBatchBytes: limits.maxBatchBytes,
    maxIdLength: limits.maxIdLength,
    maxOps: limits.maxOps,
    maxTime: Math.min(MAX_TIME, skewed),
    timeRule:
      skewed < MAX_TIME
        ? `the wall clock (${new Date(nowMs).toISOString()}) + maxSkewSeconds ${limits.maxSkewSeconds}`
        : 'the largest time the store holds',
  };
}

/** Limits from options: defaults filled in, each checked (a positive integer within what the format holds). */
export function resolveLimits(given: Partial<IngestLimits> = {}): IngestLimits {
  const l = { ...DEFAULT_LIMITS, ...given };
  const check = (name: keyof IngestLimits, max: number): void => {
    const v = l[name];
    if (!Number.isInteger(v) || v < (name === 'maxSkewSeconds' ? 0 : 1) || v > max)
      throw new Error(
        `graph store limits: '${name}' is ${v}, expected an integer in [${name === 'maxSkewSeconds' ? 0 : 1}, ${max}]`,
      );
  };
  check('maxBatchBytes', MAX_BODY_BYTES);
  check('maxIdLength', MAX_ID_LENGTH);
  check('maxOps', 2 ** 31);
  check('maxSkewSeconds', MAX_TIME);
  return l;
}
