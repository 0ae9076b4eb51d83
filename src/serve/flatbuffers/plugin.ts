import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../errors.ts';
import { answersFlatBuffers, FLATBUFFERS } from './accept.ts';
import { encodeError, encodeEventsAnswer, encodeScoreAnswer } from './answers.ts';
import { decodeEventsRequest } from './events-request.ts';
import { decodeScoreRequest } from './score-request.ts';

/** The routes that take a FlatBuffers body: its root type, as the JSON body it stands for. */
const DECODE: Readonly<Record<string, (bytes: Uint8Array) => unknown>> = {
  '/v1/score': decodeScoreRequest,
  '/v1/events': decodeEventsRequest,
};

/** The routes whose answer has a FlatBuffers form (schemas/weft.fbs); any route's {error, message} has one too. */
const ENCODE: Readonly<Record<string, (answer: never) => Buffer>> = {
  '/v1/score': encodeScoreAnswer,
  '/v1/events': encodeEventsAnswer,
};

const isError = (p: unknown): p is { error: string; message: string } =>
  p !== null &&
  typeof p === 'object' &&
  typeof (p as { error?: unknown }).error === 'string' &&
  typeof (p as { message?: unknown }).message === 'string';

/**
 * application/x-flatbuffers on the app: /v1/score and /v1/events take FlatBuffers bodies (decoded to
 * the JSON body each stands for, so the routes and their checks see no difference; any other route
 * refuses one with a 415), and their answers and every route's errors are FlatBuffers when
 * `answersFlatBuffers` says so. Other answers stay JSON whatever Accept says: they have no schema.
 */
export function flatbuffersBodies(app: FastifyInstance): void {
  app.addContentTypeParser(FLATBUFFERS, { parseAs: 'buffer' }, (req, body, done) => {
    const decode = DECODE[req.routeOptions.url ?? ''];
    if (!decode) {
      const routes = Object.keys(DECODE).join(' and ');
      done(
        new HttpError(
          415,
          'unsupported_media_type',
          `${req.method} ${req.url} takes no ${FLATBUFFERS} body (only ${routes} do), expected application/json`,
        ),
        undefined,
      );
      return;
    }
    try {
      done(null, decode(body as Buffer));
    } catch (e) {
      done(e as Error, undefined);
    }
  });
  app.addHook('preSerialization', async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    if (!answersFlatBuffers(req.headers.accept, req.headers['content-type'])) return payload;
    const encode =
      reply.statusCode < 400 ? ENCODE[req.routeOptions.url ?? ''] : isError(payload) ? encodeError : undefined;
    // Fastify sends a serializer's Buffer as it is (reply.js, onSendEnd takes a string or a Buffer); its types say string.
    if (encode) void reply.header('content-type', FLATBUFFERS).serializer(encode as unknown as (p: unknown) => string);
    return payload;
  });
}
