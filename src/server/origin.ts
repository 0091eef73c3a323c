/**
 * Which web origins may act with a user's session cookie (docs/security.md "Origin"). A
 * browser sends `Origin` with every cross-origin request and every WebSocket upgrade; a
 * page of another site must never reach the API with the supervisor's cookie. Clients
 * that are not browsers (curl, a platform with an ingest token) send no `Origin` and are
 * not at risk of cross-site request forgery.
 */
import type { FastifyRequest } from 'fastify';
import { forbidden } from './errors.js';
import { sessionTokenOf } from './users.js';

const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** `null`: only the server's own origin (the scheme and Host of the request). */
export type AllowedOrigins = readonly string[] | null;

/** The origin a request was made to, as a browser would write it. */
export function ownOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

/** Parses `OMNIPULSE_ALLOWED_ORIGINS` (comma-separated origins); empty: only the server's own. */
export function parseAllowedOrigins(text: string | undefined): AllowedOrigins {
  const origins = (text ?? '')
    .split(',')
    .map((origin) => origin.trim().replace(/\/+$/, ''))
    .filter((origin) => origin !== '');
  for (const origin of origins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) throw new Error(`OMNIPULSE_ALLOWED_ORIGINS: '${origin}' is not an origin like https://console.example.com`);
  }
  return origins.length === 0 ? null : origins;
}

/** True when the request carries no Origin (not a browser) or one that is allowed. */
export function isAllowedOrigin(request: FastifyRequest, allowed: AllowedOrigins): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return request.headers['sec-fetch-site'] !== 'cross-site';
  if (origin === ownOrigin(request)) return true;
  return allowed !== null && allowed.includes(origin);
}

/**
 * `onRequest` check of every unsafe request that carries a session cookie: from another
 * origin it is refused with 403 before anything is parsed or done.
 */
export function refuseForeignOrigin(allowed: AllowedOrigins) {
  return async (request: FastifyRequest) => {
    if (SAFE_METHODS.has(request.method)) return;
    if (sessionTokenOf(request.headers.cookie) === undefined) return;
    if (!isAllowedOrigin(request, allowed)) {
      throw forbidden(`origin '${request.headers.origin ?? 'cross-site'}' may not act with this session`);
    }
  };
}
