/**
 * Administration (SPEC §9 "admin: everything, users, queues, tokens"): users with their
 * role and scope, and ingest tokens for other platforms. Admins only.
 */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { HttpError } from '../errors.js';
import { requireRole, userOf } from '../guard.js';
import { errorResponse, jsonSchema, parseWith, zodValidated } from '../schemas.js';
import { ROLES } from '../users.js';
import { userJson } from './auth.js';

export const newUserSchema = z
  .object({
    username: z.string().trim().min(1).max(200),
    password: z.string().min(8).max(1000),
    role: z.enum(ROLES),
    queueIds: z.array(z.string().min(1)).optional(),
    agentId: z.string().min(1).optional(),
  })
  .refine((user) => user.role !== 'agent' || user.agentId !== undefined, {
    message: 'an agent user needs the agentId it signs in as',
    path: ['agentId'],
  });

export const newTokenSchema = z.object({ name: z.string().trim().min(1).max(200) });

export const userRoutes: FastifyPluginAsync = async (app) => {
  const admin = requireRole('admin');

  app.get(
    '/users',
    { onRequest: admin, schema: { tags: ['admin'], summary: 'Every user', response: { 200: { type: 'object', properties: { users: { type: 'array', items: userJson } } } } } },
    async () => ({ users: app.users.list() }),
  );

  app.post(
    '/users',
    {
      onRequest: admin,
      ...zodValidated,
      schema: { tags: ['admin'], summary: 'Create a user', body: jsonSchema(newUserSchema), response: { 201: { type: 'object', properties: { user: userJson } }, 400: errorResponse, 409: errorResponse } },
    },
    async (request, reply) => {
      const input = parseWith(newUserSchema, request.body);
      if (app.users.byUsername(input.username)) {
        throw new HttpError(409, 'conflict', `username: '${input.username}' is taken`, 'username');
      }
      const user = await app.users.create(input);
      request.log.info({ username: user.username, role: user.role, by: userOf(request).username }, 'user created');
      return reply.code(201).send({ user });
    },
  );

  const tokenJson = {
    type: 'object',
    properties: { id: { type: 'string' }, name: { type: 'string' }, createdBy: { type: 'string' }, createdAt: { type: 'string' }, token: { type: 'string' } },
  } as const;

  app.get(
    '/tokens',
    { onRequest: admin, schema: { tags: ['admin'], summary: 'Ingest tokens (without their secrets)', response: { 200: { type: 'object', properties: { tokens: { type: 'array', items: tokenJson } } } } } },
    async () => ({ tokens: app.users.listIngestTokens() }),
  );

  app.post(
    '/tokens',
    {
      onRequest: admin,
      ...zodValidated,
      schema: { tags: ['admin'], summary: 'Create an ingest token (its secret is shown once)', body: jsonSchema(newTokenSchema), response: { 201: tokenJson, 400: errorResponse } },
    },
    async (request, reply) => {
      const { name } = parseWith(newTokenSchema, request.body);
      const token = app.users.createIngestToken(name, userOf(request));
      request.log.info({ name, by: token.createdBy }, 'ingest token created');
      return reply.code(201).send(token);
    },
  );
};
