/**
 * The HTTP edge of "errors are values" (STYLE.md): every refusal leaves the server as
 * `{ error: { code, message, field? } }` (SPEC §9) with one of 400/401/403/404/409/413/429,
 * or 503 with `Retry-After` while the event store cannot write (docs/store.md).
 * Routes throw `HttpError`; domain refusals are turned into one by `fromRefusal`.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { PipelineOverloadedError, StoreUnavailableError } from '../engine/pipeline.js';

export interface ErrorBody {
  error: { code: string; message: string; field?: string; status?: string };
}

export class HttpError extends Error {
  /** Sent as `Retry-After` (429, 503). */
  retryAfterSeconds?: number;

  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** The conversation's current status, for a 409 (SPEC §5 "a conflict error naming the new status"). */
    readonly status?: string,
  ) {
    super(message);
  }

  body(): ErrorBody {
    const error: ErrorBody['error'] = { code: this.code, message: this.message };
    if (this.field !== undefined) error.field = this.field;
    if (this.status !== undefined) error.status = this.status;
    return { error };
  }
}

export const badRequest = (message: string, field?: string) => new HttpError(400, 'invalid', message, field);
export const unauthorized = (message = 'sign in first') => new HttpError(401, 'unauthorized', message);
export const forbidden = (message = 'not allowed for your role') => new HttpError(403, 'forbidden', message);
export const notFound = (message: string) => new HttpError(404, 'not-found', message);

/** A domain refusal (`{ ok: false, code, message, field?, status? }`) as an HTTP error. */
export function fromRefusal(refusal: { code: string; message: string; field?: string; status?: string | number }): HttpError {
  const status = typeof refusal.status === 'string' ? refusal.status : undefined;
  switch (refusal.code) {
    case 'not-found':
      return new HttpError(404, 'not-found', refusal.message, refusal.field);
    case 'conflict':
    case 'invalid-transition':
      return new HttpError(409, 'conflict', refusal.message, refusal.field, status);
    case 'forbidden':
      return new HttpError(403, 'forbidden', refusal.message, refusal.field);
    default:
      return new HttpError(400, refusal.code === 'invalid-event' ? 'invalid' : refusal.code, refusal.message, refusal.field);
  }
}

/** The field a Fastify (ajv) validation error points at, e.g. `password` or `agentId`. */
function validationField(error: FastifyError): string | undefined {
  const first = error.validation?.[0];
  if (!first) return undefined;
  const params = first.params as { missingProperty?: string; additionalProperty?: string };
  const path = first.instancePath.replace(/^\//, '').replaceAll('/', '.');
  const leaf = params.missingProperty ?? params.additionalProperty;
  if (leaf) return path ? `${path}.${leaf}` : leaf;
  return path || undefined;
}

const CODE_BY_STATUS: Record<number, string> = {
  400: 'invalid',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  409: 'conflict',
  413: 'too-large',
  415: 'unsupported-media-type',
  429: 'too-many-requests',
};

/** One error handler and one not-found handler for the whole app. */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    if (error instanceof HttpError) {
      if (error.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.retryAfterSeconds));
      return reply.code(error.statusCode).send(error.body());
    }
    if (error instanceof StoreUnavailableError) {
      reply.header('retry-after', String(error.retryAfterSeconds));
      const code = error instanceof PipelineOverloadedError ? 'overloaded' : 'unavailable';
      return reply.code(503).send({ error: { code, message: error.message } });
    }
    if (error.validation) {
      const field = validationField(error);
      const where = field ?? error.validationContext ?? 'request';
      const message = `${where}: ${error.message.replace(/^(body|querystring|params|headers)\/?\S* /, '')}`;
      return reply.code(400).send(new HttpError(400, 'invalid', message, field).body());
    }
    const statusCode = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (statusCode === 500) {
      request.log.error({ err: error }, 'request failed');
      return reply.code(500).send({ error: { code: 'internal', message: 'internal error' } });
    }
    return reply.code(statusCode).send({ error: { code: CODE_BY_STATUS[statusCode] ?? 'invalid', message: error.message } });
  });
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send(notFound(`no route ${request.method} ${request.url.split('?')[0]}`).body());
  });
}
