/**
 * Queue configuration (SPEC §9 "admin: … queues"; SPEC §6 "Thresholds and alerts"):
 * `GET /queues` lists the queues in the caller's scope with their configuration and member
 * agents (the console's queue and agent pickers, and the form an admin edits);
 * `PUT /queues/{id}` replaces an existing queue's whole configuration, like the
 * `queue.upserted` event it writes through the pipeline (a field left out goes back to its
 * default, SPEC §6 precise readings). Admins only; every attempt goes to the audit log.
 */
import type { FastifyPluginAsync } from 'fastify';
import { eventSchemas, parseEvent } from '../../domain/events.js';
import { queuesInView } from '../../domain/queues-report.js';
import { timeOrderedId } from '../../engine/event-ids.js';
import { badRequest, fromRefusal, type HttpError, notFound } from '../errors.js';
import { requireRole, userOf } from '../guard.js';
import { errorResponse, jsonSchema, zodValidated } from '../schemas.js';

/** The body: a `queue.upserted` event without what the server sets itself. */
const SERVER_FIELDS = ['id', 'type', 'at', 'queueId'] as const;
const queueBodySchema = eventSchemas['queue.upserted'].omit({ id: true, type: true, at: true, queueId: true });

export const queueRoutes: FastifyPluginAsync = async (app) => {
  app.get(
    '/queues',
    {
      onRequest: requireRole('admin', 'supervisor'),
      schema: {
        tags: ['reports'],
        summary: 'The queues in the caller’s scope: configuration and member agents (id, name), by priority then id',
        response: { 200: { type: 'object', additionalProperties: true }, 401: errorResponse, 403: errorResponse },
      },
    },
    async (request) => {
      const user = userOf(request);
      const scope = user.role === 'admin' ? undefined : new Set(user.queueIds);
      return app.pipeline.read(() => {
        const { state } = app.pipeline.engine;
        // A supervisor sees the agents of their queues (SPEC §9), here per queue.
        const queues = queuesInView(state, { filters: {}, scope }).map((queue) => ({
          ...structuredClone(queue),
          agents: [...state.agents.values()]
            .filter((agent) => agent.queueIds.includes(queue.id))
            .map((agent) => ({ id: agent.id, name: agent.name }))
            .sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1)),
        }));
        return { queues };
      });
    },
  );

  app.put(
    '/queues/:id',
    {
      onRequest: requireRole('admin'),
      ...zodValidated,
      schema: {
        tags: ['admin'],
        summary: 'Replace a queue’s configuration (thresholds, service-level target, …): writes a queue.upserted event',
        params: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
        body: jsonSchema(queueBodySchema),
        response: { 200: { type: 'object', additionalProperties: true }, 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const user = userOf(request);
      const now = app.now();
      const audit = (outcome: string, statusCode: number, message?: string) =>
        app.audit.record({ at: now, user, action: 'queue-update', conversationId: null, input: { queueId: id, body: request.body ?? null }, outcome, statusCode, message });
      const refuse = async (error: HttpError): Promise<never> => {
        await audit(error.code, error.statusCode, error.message);
        throw error;
      };

      const exists = await app.pipeline.read(() => app.pipeline.engine.state.queues.has(id));
      if (!exists) await refuse(notFound(`queue '${id}' does not exist`));
      const body = request.body;
      if (typeof body !== 'object' || body === null || Array.isArray(body)) await refuse(badRequest('body: must be a JSON object'));
      const fields = body as Record<string, unknown>;
      const serverField = SERVER_FIELDS.find((field) => field in fields);
      if (serverField) await refuse(badRequest(`${serverField}: set by the server (the queue is the one in the path)`, serverField));

      const parsed = parseEvent({ ...fields, id: timeOrderedId('queue', now), type: 'queue.upserted', at: new Date(now).toISOString(), queueId: id });
      if (!parsed.ok) return refuse(badRequest(parsed.message, parsed.field));
      const result = await app.pipeline.submit([parsed.event]);
      const refused = result.rejected[0];
      if (refused) await refuse(fromRefusal(refused.error));
      await audit('ok', 200);
      request.log.info({ queueId: id, by: user.username }, 'queue configuration replaced');
      // Read when durable, and copied: the answer is serialized after later events may apply.
      const queue = await app.pipeline.read(() => structuredClone(app.pipeline.engine.state.queues.get(id)));
      return { ok: true, queue };
    },
  );
};
