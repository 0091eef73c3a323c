/**
 * Who may read `/metrics` and `/docs` (docs/security.md "Operators' endpoints"): by default
 * only callers on this machine (a Prometheus agent beside the server, an operator with a
 * tunnel); from elsewhere with `Authorization: Bearer <OMNIPULSE_METRICS_TOKEN>`; or anyone
 * when the operator opens them (`OMNIPULSE_OPS_ACCESS=open`).
 */
import crypto from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { forbidden } from './errors.js';

export interface OpsAccess {
  /** `local` (default): loopback callers and the token; `open`: everyone. */
  mode: 'local' | 'open';
  token?: string;
}

export function isLoopback(ip: string): boolean {
  return ip === '::1' || ip.startsWith('127.') || ip.startsWith('::ffff:127.');
}

function hasToken(request: FastifyRequest, token: string | undefined): boolean {
  if (!token) return false;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  if (!match) return false;
  const given = crypto.createHash('sha256').update(match[1]!).digest();
  const expected = crypto.createHash('sha256').update(token).digest();
  return crypto.timingSafeEqual(given, expected);
}

export function requireOpsAccess(access: OpsAccess) {
  return async (request: FastifyRequest) => {
    if (access.mode === 'open' || isLoopback(request.ip) || hasToken(request, access.token)) return;
    throw forbidden('operators’ endpoint: only from this machine or with the metrics token');
  };
}
