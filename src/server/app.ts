/**
 * The Fastify app of SPEC §9: one plugin per resource (auth, users, events, reports,
 * conversations, audit, ops, live), services decorated once, one error handler producing
 * `{ error: { code, message, field? } }`. It does no listening and owns nothing it is given:
 * `startServer` (src/server/server.ts) opens the store and closes it.
 */
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fs from 'node:fs';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { EventPipeline } from '../engine/pipeline.js';
import { AuditLog } from './audit.js';
import { installErrorHandlers } from './errors.js';
import { livePlugin } from './live/plugin.js';
import { type LoginLimits, REMEMBERED_KEYS } from './login-limits.js';
import { type OpsAccess, requireOpsAccess } from './ops-access.js';
import { type AllowedOrigins, refuseForeignOrigin } from './origin.js';
import { eventsApplied, setLiveClients } from './metrics.js';
import { auditRoutes } from './routes/audit.js';
import { authRoutes } from './routes/auth.js';
import { queueRoutes } from './routes/queues.js';
import { conversationJson, conversationRoutes } from './routes/conversations.js';
import { canSeeConversation } from './guard.js';
import { eventRoutes } from './routes/events.js';
import { opsRoutes } from './routes/ops.js';
import { reportRoutes } from './routes/reports.js';
import { seriesRoutes } from './routes/series.js';
import { userRoutes } from './routes/users.js';
import type { User, Users } from './users.js';

export interface Lifecycle {
  /** Set once the app is listening; `/readyz` answers 503 before. */
  isReady: boolean;
  /** Set when shutdown begins; `/readyz` answers 503 so balancers stop sending traffic. */
  isDraining: boolean;
  /** Whether this node runs routing now (one node of many does; `/readyz` tells). */
  isRouting: () => boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    pipeline: EventPipeline;
    users: Users;
    audit: AuditLog;
    /** The clock of every route (epoch ms); injectable for tests. */
    now: () => number;
    lifecycle: Lifecycle;
    /** Every route as registered (method, url), for docs and the route-walk test. */
    routeTable: { method: string; url: string }[];
  }
}

export interface AppOptions {
  pipeline: EventPipeline;
  users: Users;
  /** Ingest tokens accepted besides the ones an admin creates (OMNIPULSE_INGEST_TOKEN). */
  ingestTokens?: readonly string[];
  audit?: AuditLog;
  logger?: FastifyServerOptions['logger'];
  now?: () => number;
  /** Serve the live feed at /api/v1/live (default true). */
  live?: boolean;
  /** Origins besides the server's own whose pages may use the session (docs/security.md). */
  allowedOrigins?: AllowedOrigins;
  /** Fastify's `trustProxy`: believe X-Forwarded-* from these proxies (TLS, client address). */
  trustProxy?: boolean | string | string[];
  /** Who may read /metrics and /docs (default: this machine only). */
  opsAccess?: OpsAccess;
  loginLimits?: Partial<LoginLimits>;
  /** Folder of the built console (web/dist), served at `/` when it exists. */
  webRoot?: string;
}

/**
 * The console's Content-Security-Policy: scripts only from this server (no inline script,
 * no eval), no framing, the live feed on the same origin.
 */
const CONTENT_SECURITY_POLICY = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
};

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    // Slightly above the ingest limit so that route's own 5 MB limit answers with 413.
    bodyLimit: 1024 * 1024,
    forceCloseConnections: 'idle',
    trustProxy: options.trustProxy ?? false,
  });
  const { pipeline, users } = options;
  for (const token of options.ingestTokens ?? []) users.acceptIngestToken(token);

  app.decorate('pipeline', pipeline);
  app.decorate('users', users);
  app.decorate('audit', options.audit ?? new AuditLog(users.db));
  app.decorate('now', options.now ?? Date.now);
  app.decorate('lifecycle', { isReady: true, isDraining: false, isRouting: () => false } satisfies Lifecycle);
  app.decorateRequest('user', null);
  const routeTable: { method: string; url: string }[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routeTable.push({ method, url: route.url });
  });
  installErrorHandlers(app);
  await app.register(helmet, {
    contentSecurityPolicy: CONTENT_SECURITY_POLICY,
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
  await app.register(rateLimit, { global: false, cache: REMEMBERED_KEYS });
  app.addHook('onRequest', refuseForeignOrigin(options.allowedOrigins ?? null));
  const opsAccess = requireOpsAccess(options.opsAccess ?? { mode: 'local' });

  // While draining, answers close their connection, so keep-alive clients cannot hold the
  // shutdown open (Fastify only closes the connections idle at the moment close starts).
  app.addHook('onSend', async (_request, reply) => {
    if (app.lifecycle.isDraining) reply.header('connection', 'close');
  });

  const stopListening = pipeline.onApplied((events) => {
    eventsApplied.inc(events.length);
  });
  app.addHook('onClose', async () => {
    stopListening();
  });

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Omnipulse API',
        version: '1',
        description: 'Real-time supervisor console for contact centres (SPEC §9). Errors: { error: { code, message, field? } }.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'omnipulse_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true, uiHooks: { onRequest: opsAccess } });

  await app.register(opsRoutes, { opsAccess });
  await app.register(
    async (api) => {
      await api.register(authRoutes, { loginLimits: options.loginLimits });
      await api.register(userRoutes);
      await api.register(eventRoutes);
      await api.register(reportRoutes);
      await api.register(seriesRoutes);
      await api.register(conversationRoutes);
      await api.register(queueRoutes);
      await api.register(auditRoutes);
    },
    { prefix: '/api/v1' },
  );
  if (options.webRoot && fs.existsSync(options.webRoot)) {
    // The supervisor console (SPEC §9 static files); its whole state is in the query string of `/`.
    await app.register(fastifyStatic, { root: options.webRoot, wildcard: false, index: ['index.html'] });
  }
  if (options.live !== false) {
    await app.register(livePlugin, {
      pipeline,
      authenticate: (cookieHeader) => users.userFromCookieHeader(cookieHeader),
      authenticateAll: (cookieHeaders) => users.usersFromCookieHeaders(cookieHeaders),
      onClientCount: setLiveClients,
      now: options.now,
      allowedOrigins: options.allowedOrigins ?? null,
      // The monitor panel's live conversation: the same view and visibility as GET /conversations/{id}.
      conversationView: (id, liveUser) =>
        pipeline.readWithTimeline(id, (timeline) => {
          const conversation = pipeline.engine.state.conversations.get(id);
          if (!conversation) return { ok: false, error: { code: 'not-found', field: 'conversationId', message: `conversationId: '${id}' does not exist` } };
          // The hub's users are the ones `authenticate` gave it: server users.
          const user = liveUser as User;
          if (!canSeeConversation(user, conversation.queueId, conversation.sessions.map((session) => session.agentId))) {
            return { ok: false, error: { code: 'forbidden', field: 'conversationId', message: `conversationId: '${id}' is outside what you may see` } };
          }
          return { ok: true, data: conversationJson(pipeline.engine.state, conversation, timeline, (text) => pipeline.engine.messageLevel(text)) };
        }),
    });
  }
  return app;
}
