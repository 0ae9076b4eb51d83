import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/** A refusal the routes raise: an HTTP status and a message naming the field, the value and what was expected. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const show = (v: unknown): string => {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
};

interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
  data?: unknown;
  parentSchema?: { properties?: Record<string, unknown> };
}

/** `/targets/0/id` of `body` as `body.targets[0].id`. */
function fieldOf(dataVar: string, instancePath: string): string {
  return (
    dataVar +
    instancePath
      .split('/')
      .slice(1)
      .map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p.replace(/~1/g, '/').replace(/~0/g, '~')}`))
      .join('')
  );
}

/** Fastify's schema errors as one line: the field, the value it had, what was expected. */
export function schemaErrorMessage(errors: readonly AjvError[], dataVar: string): string {
  const e = errors[0];
  const field = fieldOf(dataVar, e.instancePath);
  if (e.keyword === 'required') return `${field} has no field '${e.params.missingProperty}', which is required`;
  if (e.keyword === 'additionalProperties') {
    const known = Object.keys(e.parentSchema?.properties ?? {});
    return `${field} has an unknown field '${e.params.additionalProperty}'${known.length ? `, expected only ${known.join(', ')}` : ''}`;
  }
  return `${field} is ${show(e.data)}, expected ${expectation(e)}`;
}

function expectation(e: AjvError): string {
  const p = e.params;
  switch (e.keyword) {
    case 'type':
      return String(p.type);
    case 'enum':
      return `one of ${(p.allowedValues as unknown[]).map((a) => JSON.stringify(a)).join(', ')}`;
    case 'minItems':
      return `at least ${p.limit} item${p.limit === 1 ? '' : 's'}`;
    case 'maxItems':
      return `at most ${p.limit} items`;
    case 'minLength':
      return `at least ${p.limit} character${p.limit === 1 ? '' : 's'}`;
    case 'maxLength':
      return `at most ${p.limit} characters`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `a number ${p.comparison} ${p.limit}`;
    default:
      return (e.message ?? e.keyword).replace(/^must (be )?/, '');
  }
}

/** Every error as JSON {error, message}: 4xx for the caller's mistakes, 503s saying why, other 5xx logged (never a stack). */
export function sendError(err: FastifyError | HttpError, req: FastifyRequest, reply: FastifyReply): void {
  const status = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500;
  if (err instanceof HttpError) for (const [k, v] of Object.entries(err.headers)) reply.header(k, v);
  // A refusal the routes raised (HttpError: overloaded, store unavailable, …) says why; anything else failing is a bug, logged.
  const ours = err instanceof HttpError;
  if (status >= 500 && !ours) req.log.error({ err }, 'request failed');
  const code =
    err instanceof HttpError
      ? err.code
      : status === 400
        ? 'bad_request'
        : status === 413
          ? 'too_large'
          : status === 415
            ? 'unsupported_media_type'
            : status >= 500
              ? 'internal'
              : (err.code ?? 'error');
  void reply
    .status(status)
    .send({ error: code, message: status >= 500 && !ours ? 'internal error (logged)' : err.message });
}
