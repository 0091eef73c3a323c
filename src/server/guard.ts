/**
 * Who may call a route (SPEC §9 "Roles"): an `onRequest` hook, so nothing is parsed for a
 * caller who is not allowed. Sessions come from the httpOnly cookie; ingest uses a Bearer token.
 */
import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import { forbidden, unauthorized } from './errors.js';
import type { Role, User } from './users.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user, set by `requireRole`. */
    user: User | null;
  }
}

export function requireRole(...roles: Role[]): onRequestHookHandler {
  return async function (this: FastifyInstance, request: FastifyRequest) {
    const user = await this.users.userFromCookieHeader(request.headers.cookie);
    if (!user) throw unauthorized();
    if (roles.length > 0 && !roles.includes(user.role)) throw forbidden(`${user.role}s may not ${request.method} ${request.routeOptions.url}`);
    request.user = user;
  };
}

/** The signed-in user of a route guarded by `requireRole`. */
export function userOf(request: FastifyRequest): User {
  if (!request.user) throw unauthorized();
  return request.user;
}

export const requireIngestToken: onRequestHookHandler = async function (this: FastifyInstance, request) {
  const header = request.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw unauthorized('send an ingest token as Authorization: Bearer <token>');
  if (!(await this.users.isIngestToken(match[1]))) throw unauthorized('unknown ingest token');
};

/** Whether a user may see a conversation of this queue with these agents (SPEC §9). */
export function canSeeConversation(user: User, queueId: string, agentIds: readonly string[]): boolean {
  if (user.role === 'admin') return true;
  if (user.role === 'supervisor') return user.queueIds.includes(queueId);
  return user.agentId !== undefined && agentIds.includes(user.agentId);
}
