/**
 * Sign in and out (SPEC §9): `POST /auth/login` sets the httpOnly session cookie,
 * `POST /auth/logout` ends the server-side session, `GET /me` tells who is signed in.
 * Attempts are limited per address and per username+address (login-limits.ts): 429 with
 * Retry-After, never a lock-out of the account.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { unauthorized } from '../errors.js';
import { requireRole, userOf } from '../guard.js';
import { errorResponse, jsonSchema, parseWith, zodValidated } from '../schemas.js';
import { DEFAULT_LOGIN_LIMITS, LoginGate, type LoginLimits } from '../login-limits.js';
import { SECURE_SESSION_COOKIE, SESSION_COOKIE, SESSION_TTL_MS, sessionTokenOf, type User } from '../users.js';

export const loginSchema = z.object({ username: z.string().min(1).max(200), password: z.string().min(1).max(1000) });


export const userJson = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    username: { type: 'string' },
    role: { type: 'string', enum: ['admin', 'supervisor', 'agent'] },
    queueIds: { type: 'array', items: { type: 'string' } },
    agentId: { type: 'string' },
    disabled: { type: 'boolean' },
  },
} as const;

/**
 * The session cookie: `Secure` and `__Host-` prefixed when the request came over TLS (or
 * through a proxy the operator trusts that says so: `trustProxy`), plain otherwise (http on
 * localhost, where browsers would drop a Secure cookie).
 */
function sessionCookie(request: FastifyRequest, value: string, maxAgeSeconds: number): string {
  const name = request.protocol === 'https' ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
  const secure = request.protocol === 'https' ? '; Secure' : '';
  return `${name}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure}`;
}

export interface AuthRoutesOptions {
  loginLimits?: Partial<LoginLimits>;
}

export const authRoutes: FastifyPluginAsync<AuthRoutesOptions> = async (app, options) => {
  const usernameOf = (request: FastifyRequest) => {
    const body = request.body as { username?: unknown } | undefined;
    return typeof body?.username === 'string' ? body.username : '';
  };
  const gate = new LoginGate(app, { ...DEFAULT_LOGIN_LIMITS, ...options.loginLimits }, usernameOf);

  app.post(
    '/auth/login',
    {
      ...zodValidated,
      schema: {
        tags: ['auth'],
        summary: 'Sign in: sets the session cookie',
        body: jsonSchema(loginSchema),
        response: { 200: { type: 'object', properties: { user: userJson } }, 400: errorResponse, 401: errorResponse, 429: errorResponse, 503: errorResponse },
      },
    },
    async (request, reply) => {
      const { username, password } = parseWith(loginSchema, request.body);
      await gate.admit(request);
      const user = await gate.check(() => app.users.authenticate(username, password));
      if (!user) {
        request.log.info({ username }, 'login failed');
        throw unauthorized('wrong username or password');
      }
      const token = await app.users.startSession(user);
      request.log.info({ username, role: user.role }, 'login');
      reply.header('set-cookie', sessionCookie(request, token, Math.floor(SESSION_TTL_MS / 1000)));
      return { user };
    },
  );

  app.post(
    '/auth/logout',
    { schema: { tags: ['auth'], summary: 'Sign out: ends the session', response: { 200: { type: 'object', properties: { ok: { type: 'boolean' } } } } } },
    async (request: FastifyRequest, reply: FastifyReply) => {
      const token = sessionTokenOf(request.headers.cookie);
      if (token) await app.users.endSession(token);
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
