/** The audit log of supervisor actions (SPEC §5, §9 `GET /api/v1/audit`), for admins. */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { requireRole } from '../guard.js';
import { errorResponse, jsonSchema, parseWith, zodValidated } from '../schemas.js';

export const auditQuerySchema = z.object({
  conversation: z.string().min(1).optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export const auditRoutes: FastifyPluginAsync = async (app) => {
  app.get(
    '/audit',
    {
      onRequest: requireRole('admin'),
      ...zodValidated,
      schema: {
        tags: ['audit'],
        summary: 'Audit log, newest first (page with before=<seq>)',
        querystring: jsonSchema(auditQuerySchema),
        response: { 200: { type: 'object', additionalProperties: true }, 400: errorResponse, 401: errorResponse, 403: errorResponse },
      },
    },
    async (request) => {
      const query = parseWith(auditQuerySchema, request.query, 'query');
      const entries = await app.audit.list({ conversationId: query.conversation, before: query.before, limit: query.limit });
      return { entries };
    },
  );
};
