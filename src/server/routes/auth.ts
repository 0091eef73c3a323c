/**
 * Sign in and out (SPEC §9): `POST /auth/login` sets the httpOnly session cookie,
 * `POST /auth/logout` ends the server-side session, `GET /me` tells who is signed in.
 * Repeated failed logins for one username answer 429 for a minute.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { HttpError, unauthorized } from '../errors.js';
import { requireRole, userOf } from '../guard.js';
import { errorResponse, jsonSchema, parseWith, zodValidated } from '../schemas.js';
import { parseCookies, SESSION_COOKIE, SESSION_TTL_MS, type User } from '../users.js';

export const loginSchema = z.object({ username: z.string().min(1).max(200), password: z.string().min(1).max(1000) });

const MAX_FAILURES = 5;
const FAILURE_WINDOW_MS = 60_000;

export const userJson = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    username: { type: 'string' },
    role: { type: 'string', enum: ['admin', 'supervisor', 'agent'] },
    queueIds: { type: 'array', items: { type: 'string' } },
    agentId: { type: 'string' },
  },
} as const;

function sessionCookie(request: FastifyRequest, value: string, maxAgeSeconds: number): string {
  const secure = request.protocol === 'https' ? '; Secure' : '';
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure}`;
}

export const authRoutes: FastifyPluginAsync = async (app) => {
  const failures = new Map<string, { count: number; since: number }>();

  app.post(
    '/auth/login',
    {
      ...zodValidated,
      schema: {
        tags: ['auth'],
        summary: 'Sign in: sets the session cookie',
        body: jsonSchema(loginSchema),
        response: { 200: { type: 'object', properties: { user: userJson } }, 400: errorResponse, 401: errorResponse, 429: errorResponse },
      },
    },
    async (request, reply) => {
      const { username, password } = parseWith(loginSchema, request.body);
      const now = app.now();
      const key = username.toLowerCase();
      const record = failures.get(key);
      if (record && now - record.since < FAILURE_WINDOW_MS && record.count >= MAX_FAILURES) {
        throw new HttpError(429, 'too-many-requests', 'too many failed logins for this user; try again in a minute');
      }
      const user = await app.users.authenticate(username, password);
      if (!user) {
        const fresh = !record || now - record.since >= FAILURE_WINDOW_MS;
        failures.set(key, fresh ? { count: 1, since: now } : { count: record.count + 1, since: record.since });
        request.log.info({ username }, 'login failed');
        throw unauthorized('wrong username or password');
      }
      failures.delete(key);
      const token = app.users.startSession(user);
      request.log.info({ username, role: user.role }, 'login');
      reply.header('set-cookie', sessionCookie(request, token, Math.floor(SESSION_TTL_MS / 1000)));
      return { user };
    },
  );

  app.post(
    '/auth/logout',
    { schema: { tags: ['auth'], summary: 'Sign out: ends the session', response: { 200: { type: 'object', properties: { ok: { type: 'boolean' } } } } } },
    async (request: FastifyRequest, reply: FastifyReply) => {
      const token = parseCookies(request.headers.cookie).get(SESSION_COOKIE);
      if (token) app.users.endSession(token);
      reply.header('set-cookie', sessionCookie(request, '', 0));
      return { ok: true };
    },
  );

  app.get(
    '/me',
    {
      onRequest: requireRole(),
      schema: { tags: ['auth'], summary: 'The signed-in user', response: { 200: { type: 'object', properties: { user: userJson } }, 401: errorResponse } },
    },
    async (request): Promise<{ user: User }> => ({ user: userOf(request) }),
  );
};
