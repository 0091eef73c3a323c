/**
 * `GET /api/v1/live` (SPEC §9 WebSocket): the live feed as a Fastify plugin. The session
 * cookie of the upgrade request names the user; the protocol is in docs/live-feed.md and
 * the subscriptions live in `LiveHub`.
 */
import websocket from '@fastify/websocket';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { forbidden, HttpError, unauthorized } from '../errors.js';
import { type AllowedOrigins, isAllowedOrigin } from '../origin.js';
import type { WebSocket } from 'ws';
import type { EventPipeline } from '../../engine/pipeline.js';
import { type ConversationView, LiveHub, type LiveLimits, type LiveUser } from './hub.js';

export interface LivePluginOptions {
  pipeline: Pick<EventPipeline, 'engine' | 'onApplied' | 'onStoreState' | 'read'>;
  authenticate: (cookieHeader: string | undefined) => LiveUser | null | Promise<LiveUser | null>;
  /** `authenticate` of many cookie headers at once (one query for the session sweep); by default one `authenticate` each. */
  authenticateAll?: (cookieHeaders: readonly (string | undefined)[]) => Promise<readonly (LiveUser | null)[]>;
  /** Route path; `/api/v1/live` by default (or `/` under a prefix). */
  path?: string;
  /** Told the number of open connections whenever it changes (for `/metrics`). */
  onClientCount?: (n: number) => void;
  limits?: Partial<LiveLimits>;
  /** Gives the hub after start (tests, `/metrics`). */
  onHub?: (hub: LiveHub) => void;
  /** The clock, epoch ms. */
  now?: () => number;
  /** Origins besides the server's own allowed to open the feed (null: only its own). */
  allowedOrigins?: AllowedOrigins;
  /** How often open sockets' sessions are checked again (default 500 ms). */
  sessionCheckMs?: number;
  /** Open connections one user may hold (default 16): the next upgrade is refused with 429. */
  maxConnectionsPerUser?: number;
  /** Serves `conversation` watches (the monitor panel); without it they are refused. */
  conversationView?: ConversationView;
}

/** Close code when the session ended: logout, expiry, password reset, user disabled or deleted (4000 + HTTP 401). */
export const CLOSE_UNAUTHORIZED = 4401;
/** Close code when the user's role or queues changed: reconnect to get the new scope (4000 + HTTP 403). */
export const CLOSE_ACCESS_CHANGED = 4403;
const MAX_MESSAGE_BYTES = 64 * 1024;

export const livePlugin: FastifyPluginAsync<LivePluginOptions> = async (fastify, options) => {
  if (!fastify.hasDecorator('websocketServer')) {
    await fastify.register(websocket, { options: { maxPayload: MAX_MESSAGE_BYTES } });
  }
  const { pipeline } = options;
  const whenDurable = (read: () => void) => {
    pipeline.read(read).catch((error: unknown) => fastify.log.error({ err: error }, 'live feed: a read of the engine failed'));
  };
  const hub = new LiveHub(pipeline.engine, options.limits, options.now, whenDurable, options.conversationView);
  // The store failing makes the feed stale until it writes again (docs/live-feed.md "store").
  const stopListeningToStore = pipeline.onStoreState((failingSince) => hub.setStaleSince(failingSince));
  const stopListening = pipeline.onApplied((events) => hub.markDirty(events));
  options.onHub?.(hub);
  let connections = 0;
  const countChanged = (delta: number) => {
    connections += delta;
    options.onClientCount?.(connections);
  };
  fastify.addHook('onClose', async () => {
    stopListening();
    stopListeningToStore();
    hub.close();
  });

  // The upgrade completes only for an allowed origin and a valid session (403 / 401 otherwise).
  const users = new WeakMap<FastifyRequest, LiveUser>();
  const preValidation = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!isAllowedOrigin(request, options.allowedOrigins ?? null)) {
      return reply.code(403).send(forbidden(`origin '${request.headers.origin ?? 'cross-site'}' may not open the live feed`).body());
    }
    const user = await options.authenticate(request.headers.cookie);
    if (!user) return reply.code(401).send(unauthorized('no valid session: log in first').body());
    const maxConnections = options.maxConnectionsPerUser ?? 16;
    if ([...sockets].filter((open) => open.user.id === user.id).length >= maxConnections) {
      const error = new HttpError(429, 'too-many-connections', `at most ${maxConnections} live connections per user: close one first`);
      return reply.code(429).send(error.body());
    }
    users.set(request, user);
  };

  const sockets = new Set<{ socket: WebSocket; cookie: string | undefined; user: LiveUser }>();
  // A session that ended (logout, expiry, password reset, disabled user) or a user whose role
  // or scope changed loses the feed within a second. Every open socket is checked in one
  // batch per sweep; a sweep still waiting for its answer is not overtaken by the next.
  const authenticateAll = options.authenticateAll ?? ((cookies) => Promise.all(cookies.map((cookie) => options.authenticate(cookie))));
  let isSweeping = false;
  const sweep = setInterval(() => {
    if (isSweeping || sockets.size === 0) return;
    isSweeping = true;
    const checked = [...sockets];
    authenticateAll(checked.map((open) => open.cookie))
      .then((users) => {
        checked.forEach((open, i) => {
          if (!sockets.has(open)) return;
          const user = users[i];
          if (!user) open.socket.close(CLOSE_UNAUTHORIZED, 'session ended');
          else if (!isSameAccess(user, open.user)) open.socket.close(CLOSE_ACCESS_CHANGED, 'role or scope changed');
        });
      })
      .catch((error: unknown) => fastify.log.error({ err: error }, 'live feed: the session sweep failed'))
      .finally(() => (isSweeping = false));
  }, options.sessionCheckMs ?? 500);
  sweep.unref();
  fastify.addHook('onClose', async () => clearInterval(sweep));

  fastify.get(options.path ?? '/api/v1/live', { websocket: true, preValidation }, (socket: WebSocket, request) => {
    const user = users.get(request)!;
    countChanged(1);
    const client = hub.connect(socket, user);
    const open = { socket, cookie: request.headers.cookie, user };
    sockets.add(open);
    socket.on('message', (data, isBinary) => hub.receive(client, isBinary ? '' : data.toString()));
    socket.on('close', () => {
      sockets.delete(open);
      countChanged(-1);
      hub.disconnect(client);
    });
    socket.on('error', (error) => request.log.debug({ err: error }, 'live socket error'));
  });
};

function isSameAccess(a: LiveUser, b: LiveUser): boolean {
  return a.id === b.id && a.role === b.role && a.queueIds.length === b.queueIds.length && a.queueIds.every((id, i) => id === b.queueIds[i]);
}
