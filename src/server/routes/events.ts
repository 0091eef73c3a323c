/**
 * Ingest (SPEC §9 `POST /api/v1/events`): one event or an array, with an ingest token.
 * The answer is sent only once the accepted events are durable in the log. Each event is
 * accepted or refused whole; with `?atomic=true` the batch is too (nothing applied when
 * any event is refused). Limits: 10,000 events and 5 MB per request (413 beyond), and
 * those of one event (src/domain/event-limits.ts).
 */
import type { FastifyPluginAsync } from 'fastify';
import { HttpError, badRequest } from '../errors.js';
import { requireIngestToken } from '../guard.js';
import { ingestBatchEvents } from '../metrics.js';
import { errorResponse } from '../schemas.js';

export const MAX_INGEST_EVENTS = 10_000;
export const MAX_INGEST_BYTES = 5 * 1024 * 1024;

export const eventRoutes: FastifyPluginAsync = async (app) => {
  app.post(
    '/events',
    {
      onRequest: requireIngestToken,
      bodyLimit: MAX_INGEST_BYTES,
      // The pipeline checks every event and names the field; ajv would coerce a scalar into an array.
      validatorCompiler: () => () => true,
      schema: {
        tags: ['ingest'],
        summary: 'Ingest one SPEC §3 event or an array of them (durable when answered)',
        security: [{ bearer: [] }],
        querystring: {
          type: 'object',
          properties: { atomic: { type: 'string', enum: ['true', 'false'], description: 'true: apply all the events or none' } },
        },
        body: {
          description: 'an event object, or an array of up to 10,000 events',
          anyOf: [{ type: 'object', additionalProperties: true }, { type: 'array', items: {} }],
        },
        response: {
          200: {
            type: 'object',
            properties: {
              accepted: { type: 'integer' },
              duplicates: { type: 'integer' },
              rejected: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    index: { type: 'integer' },
                    error: errorResponse.properties.error,
                  },
                },
              },
            },
          },
          400: errorResponse,
          401: errorResponse,
          413: errorResponse,
          503: errorResponse,
        },
      },
    },
    async (request) => {
      const body = request.body;
      if (body === null || typeof body !== 'object') throw badRequest('body: an event object or an array of events is required');
      const events: unknown[] = Array.isArray(body) ? body : [body];
      if (events.length > MAX_INGEST_EVENTS) {
        throw new HttpError(413, 'too-large', `at most ${MAX_INGEST_EVENTS} events per request (got ${events.length})`);
      }
      const { atomic } = request.query as { atomic?: unknown };
      if (atomic !== undefined && atomic !== 'true' && atomic !== 'false') throw badRequest("atomic: must be 'true' or 'false'", 'atomic');
      ingestBatchEvents.observe(events.length);
      const { accepted, duplicates, rejected } = await app.pipeline.submit(events, { atomic: atomic === 'true' });
      return { accepted, duplicates, rejected };
    },
  );
};
