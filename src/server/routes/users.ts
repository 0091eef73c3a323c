/**
 * Administration (SPEC §9 "admin: everything, users, queues, tokens"): users with their
 * role and scope, and ingest tokens for other platforms. Admins only.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { HttpError, notFound } from '../errors.js';
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

export const userChangeSchema = z
  .object({
    role: z.enum(ROLES).optional(),
    queueIds: z.array(z.string().min(1).max(200)).max(1_000).optional(),
    agentId: z.string().min(1).max(200).nullable().optional(),
    password: z.string().min(8).max(1000).optional(),
    disabled: z.boolean().optional(),
  })
  .strict()
  .refine((change) => Object.keys(change).length > 0, { message: 'give at least one of role, queueIds, agentId, password, disabled' });

const idParams = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } as const;

export const userRoutes: FastifyPluginAsync = async (app) => {
  const admin = requireRole('admin');

  app.get(
    '/users',
    { onRequest: admin, schema: { tags: ['admin'], summary: 'Every user', response: { 200: { type: 'object', properties: { users: { type: 'array', items: userJson } } } } } },
    async () => ({ users: await app.users.list() }),
  );

  /** Admin operations are audited like supervisor actions (GET /api/v1/audit). */
  const audit = async (request: FastifyRequest, action: string, input: unknown, statusCode: number) =>
    app.audit.record({ at: app.now(), user: userOf(request), action, conversationId: null, input, outcome: statusCode < 400 ? 'ok' : 'not-found', statusCode });

  app.post(
    '/users',
    {
      onRequest: admin,
      ...zodValidated,
      schema: { tags: ['admin'], summary: 'Create a user', body: jsonSchema(newUserSchema), response: { 201: { type: 'object', properties: { user: userJson } }, 400: errorResponse, 409: errorResponse } },
    },
    async (request, reply) => {
      const input = parseWith(newUserSchema, request.body);
      if (await app.users.byUsername(input.username)) {
        throw new HttpError(409, 'conflict', `username: '${input.username}' is taken`, 'username');
      }
      const user = await app.users.create(input);
      await audit(request, 'user.create', { username: user.username, role: user.role, queueIds: user.queueIds }, 201);
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
    async () => ({ tokens: await app.users.listIngestTokens() }),
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
      const token = await app.users.createIngestToken(name, userOf(request));
      await audit(request, 'token.create', { id: token.id, name }, 201);
      request.log.info({ name, by: token.createdBy }, 'ingest token created');
      return reply.code(201).send(token);
    },
  );

  app.delete(
    '/tokens/:id',
    { onRequest: admin, schema: { tags: ['admin'], summary: 'Revoke an ingest token (at once)', params: idParams, response: { 200: { type: 'object', properties: { ok: { type: 'boolean' } } }, 404: errorResponse } } },
    async (request) => {
      const { id } = request.params as { id: string };
      const revoked = await app.users.revokeIngestToken(id);
      await audit(request, 'token.revoke', { id }, revoked ? 200 : 404);
      if (!revoked) throw notFound(`no ingest token '${id}'`);
      return { ok: true };
    },
  );

  app.patch(
    '/users/:id',
    {
      onRequest: admin,
      ...zodValidated,
      schema: {
        tags: ['admin'],
        summary: 'Change a user: role, queues, agent, password, disabled (their sessions end unless only the scope widens)',
        params: idParams,
        body: jsonSchema(userChangeSchema),
        response: { 200: { type: 'object', properties: { user: userJson } }, 400: errorResponse, 404: errorResponse },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const change = parseWith(userChangeSchema, request.body);
      const user = await app.users.update(id, change);
      const logged = { ...change, password: change.password === undefined ? undefined : '(new password)' };
      await audit(request, 'user.update', { id, ...logged }, user ? 200 : 404);
      if (!user) throw notFound(`no user '${id}'`);
      return { user };
    },
  );

  app.delete(
    '/users/:id',
    { onRequest: admin, schema: { tags: ['admin'], summary: 'Delete a user (their sessions end)', params: idParams, response: { 200: { type: 'object', properties: { ok: { type: 'boolean' } } }, 400: errorResponse, 404: errorResponse } } },
    async (request) => {
      const { id } = request.params as { id: string };
      if (id === userOf(request).id) throw new HttpError(400, 'invalid', 'id: an admin cannot delete themselves', 'id');
      const deleted = await app.users.delete(id);
      await audit(request, 'user.delete', { id }, deleted ? 200 : 404);
      if (!deleted) throw notFound(`no user '${id}'`);
      return { ok: true };
    },
  );
};
