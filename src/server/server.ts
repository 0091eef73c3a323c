/**
 * The running server (SPEC §9 `omnipulse start`): opens the embedded store in the data
 * folder, rebuilds the engine, starts the routing loop (and the demo), listens, and shuts
 * down gracefully: stop taking traffic, finish requests in flight, close the pipeline
 * (snapshot + store) so every acknowledged event is on disk.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { EventPipeline } from '../engine/pipeline.js';
import { RoutingLoop } from '../engine/routing-loop.js';
import type { SentimentAnalyzer } from '../sentiment/analyzer.js';
import { defaultAnalyzer } from '../sentiment/index.js';
import { SqliteEventStore } from '../store/sqlite-store.js';
import { buildApp } from './app.js';
import { openServerDatabase } from './database.js';
import { DemoRunner, seedDemoUsers } from './demo.js';
import { timedStore } from './metrics.js';
import { Timelines } from './timeline.js';
import { Users } from './users.js';

export interface ServerOptions {
  dataDir: string;
  port?: number;
  host?: string;
  /** `true`: seed the demo and run the simulator; `'auto'` (default): when no user exists yet. */
  demo?: boolean | 'auto';
  adminPassword?: string;
  ingestToken?: string;
  logger?: FastifyServerOptions['logger'];
  analyzer?: SentimentAnalyzer;
  /** Run the routing loop (default true). */
  routing?: boolean;
  offerTimeoutMs?: number;
  now?: () => number;
  /** How long shutdown waits for requests in flight before cutting connections (default 10 s). */
  drainTimeoutMs?: number;
  /** Demo traffic multiplier. */
  demoRate?: number;
  /** Folder of the built console; `web/dist` of this checkout by default. */
  webRoot?: string;
}

/** Where `npm ci` builds the console (the `prepare` script). */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../web/dist', import.meta.url));

/**
 * Closed conversations created longer ago than this leave the engine's memory (the log keeps
 * them). Report windows reach back at most 72 h (SPEC §6), so a week changes no report and
 * keeps memory and snapshots bounded on a server that runs for months.
 */
export const RETENTION_MS = 7 * 24 * 3_600_000;
const RETENTION_CHECK_MS = 10 * 60_000;

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  pipeline: EventPipeline;
  users: Users;
  isDemo: boolean;
  /** Graceful: idempotent, resolves when everything is closed. */
  shutdown(): Promise<void>;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const dataDir = path.resolve(options.dataDir);
  const now = options.now ?? Date.now;
  const db = openServerDatabase(dataDir);
  const users = new Users(db, now);
  const store = await SqliteEventStore.open(dataDir);
  const timelines = new Timelines();
  await timelines.warm(store);
  const pipeline = await EventPipeline.open({ store: timedStore(store), analyzer: options.analyzer ?? defaultAnalyzer });

  const isDemo = options.demo === true || ((options.demo ?? 'auto') === 'auto' && users.count() === 0);
  if (options.adminPassword) await users.upsertPassword({ username: 'admin', password: options.adminPassword, role: 'admin' });

  const app = await buildApp({
    pipeline,
    users,
    timelines,
    ingestTokens: options.ingestToken ? [options.ingestToken] : [],
    logger: options.logger,
    now,
    webRoot: options.webRoot ?? DEFAULT_WEB_ROOT,
  });
  app.lifecycle.isReady = false;
  const onError = (error: unknown) => app.log.error({ err: error }, 'background submit failed');

  const routing = options.routing === false ? null : new RoutingLoop({ pipeline, now, offerTimeoutMs: options.offerTimeoutMs, onError });
  let demo: DemoRunner | null = null;
  if (isDemo) {
    const created = await seedDemoUsers(users);
    if (created.length > 0) app.log.info({ users: created }, 'demo users created (passwords in docs/api.md)');
    demo = new DemoRunner({ pipeline, now, rate: options.demoRate, onError });
    await demo.start();
  }
  routing?.start();
  const forgetOldHistory = () => {
    const forgotten = pipeline.engine.forgetClosedBefore(now() - RETENTION_MS);
    if (forgotten > 0) app.log.info({ forgotten }, 'closed conversations older than the retention left memory');
  };
  forgetOldHistory();
  const retention = setInterval(forgetOldHistory, RETENTION_CHECK_MS);
  retention.unref();

  const address = await app.listen({ port: options.port ?? 8080, host: options.host ?? '0.0.0.0' });
  app.lifecycle.isReady = true;
  const bound = app.server.address();
  const port = typeof bound === 'object' && bound ? bound.port : (options.port ?? 8080);
  const url = options.host && options.host !== '0.0.0.0' ? `http://${options.host}:${port}` : address.replace('0.0.0.0', 'localhost');

  let closing: Promise<void> | null = null;
  const shutdown = () => {
    closing ??= (async () => {
      app.lifecycle.isDraining = true;
      app.log.info('shutting down: draining requests');
      clearInterval(retention);
      await demo?.stop();
      await routing?.stop();
      // Requests in flight finish; connections still open after the grace period are cut.
      const force = setTimeout(() => app.server.closeAllConnections(), options.drainTimeoutMs ?? 10_000);
      await app.close();
      clearTimeout(force);
      await pipeline.close();
      db.close();
      app.log.info('shut down; every acknowledged event is durable');
    })();
    return closing;
  };
  return { app, url, pipeline, users, isDemo, shutdown };
}
