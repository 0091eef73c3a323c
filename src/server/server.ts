/**
 * The running server (SPEC §9 `omnipulse start`): opens the embedded store in the data
 * folder, rebuilds the engine, starts the routing loop (and the demo), listens, and shuts
 * down gracefully: stop taking traffic, finish requests in flight, close the pipeline
 * (snapshot + store) so every acknowledged event is on disk.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { REPORT_HORIZON_MS } from '../domain/window.js';
import { EventPipeline, type PipelineLog } from '../engine/pipeline.js';
import { RoutingLoop } from '../engine/routing-loop.js';
import type { SentimentAnalyzer } from '../sentiment/analyzer.js';
import { defaultAnalyzer } from '../sentiment/index.js';
import type { EventStore } from '../store/event-store.js';
import { PostgresLeadership } from '../store/postgres-leader.js';
import { PostgresEventStore } from '../store/postgres-store.js';
import { SqliteEventStore } from '../store/sqlite-store.js';
import { type AppOptions, buildApp } from './app.js';
import { openPostgresServerDatabase, openServerDatabase } from './database.js';
import { DEMO_HISTORY_MS, DemoRunner, seedDemoUsers } from './demo.js';
import { timedStore } from './metrics.js';
import { Users } from './users.js';

export interface ServerOptions {
  dataDir: string;
  /**
   * PostgreSQL instead of the data folder (`DATABASE_URL`): the event log, users, sessions,
   * tokens and the audit log, shared by every node on it.
   */
  databaseUrl?: string;
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
  /** Crews of demo agents (default: one per unit of rate, at most 8; `demoCrews`). */
  demoCrews?: number;
  /**
   * How far back a demo fills the log before it plays live (default 24 h): the past since
   * the log's last event, at most this much (docs/decisions.md "Demo"); 0 for none.
   */
  demoHistoryMs?: number;
  /**
   * Told when the engine could not be rebuilt from the log after a store failure (already
   * logged). The start command exits so that its supervisor restarts the process; the
   * default leaves the server answering 503 on `/readyz` and on every write.
   */
  onFatal?: (error: Error) => void;
  /** Security settings of docs/security.md, passed to the app. */
  security?: Pick<AppOptions, 'allowedOrigins' | 'trustProxy' | 'opsAccess' | 'loginLimits'>;
  /** Folder of the built console; `web/dist` of this checkout by default. */
  webRoot?: string;
}

/** Where `npm ci` builds the console (the `prepare` script). */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../web/dist', import.meta.url));

/**
 * Closed conversations created longer ago than this leave the engine's memory (the log keeps
 * them): the 72 h that reports reach back (SPEC §6 `includeOpen`), so memory holds about three
 * days of a site's conversations plus the open ones (docs/decisions.md "Memory").
 */
export const RETENTION_MS = REPORT_HORIZON_MS;
export const RETENTION_CHECK_MS = 10 * 60_000;

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  pipeline: EventPipeline;
  users: Users;
  isDemo: boolean;
  /**
   * Resolves when the demo plays live: after its back-fill of the past, which runs after
   * the server listens (at once without a demo).
   */
  demoLive: Promise<void>;
  /** The demo's traffic, when this is a demo. */
  demo: Pick<DemoRunner, 'pause' | 'resume'> | null;
  /** Graceful: idempotent, resolves when everything is closed. */
  shutdown(): Promise<void>;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const dataDir = path.resolve(options.dataDir);
  const now = options.now ?? Date.now;
  const db = options.databaseUrl ? await openPostgresServerDatabase(options.databaseUrl) : openServerDatabase(dataDir);
  const users = new Users(db, now);
  const store: EventStore = options.databaseUrl ? await PostgresEventStore.open(options.databaseUrl) : await SqliteEventStore.open(dataDir);
  const log = new DeferredLog();
  const pipeline = await EventPipeline.open({
    store: timedStore(store),
    analyzer: options.analyzer ?? defaultAnalyzer,
    now,
    log,
    onFatal: (error) => options.onFatal?.(error),
    // Other nodes append to a shared log: read it on their NOTIFY, and every second anyway.
    pollMs: options.databaseUrl ? 1_000 : 0,
  });
  // On a shared log one node routes (and plays the demo) at a time.
  const leadership = options.databaseUrl
    ? new PostgresLeadership(options.databaseUrl, 1_000, (isLeader) => log.info({ isLeader }, isLeader ? 'this node routes now' : 'this node stopped routing'))
    : null;
  leadership?.start();
  const isLeader = () => leadership?.isLeader ?? true;

  const isDemo = options.demo === true || ((options.demo ?? 'auto') === 'auto' && (await users.count()) === 0);
  if (options.adminPassword) await users.upsertPassword({ username: 'admin', password: options.adminPassword, role: 'admin' });

  const app = await buildApp({
    pipeline,
    users,
    ingestTokens: options.ingestToken ? [options.ingestToken] : [],
    logger: options.logger,
    now,
    ...options.security,
    webRoot: options.webRoot ?? DEFAULT_WEB_ROOT,
  });
  app.lifecycle.isReady = false;
  log.sendTo(app.log);
  const onError = (error: unknown) => app.log.error({ err: error }, 'background submit failed');

  const routing = options.routing === false ? null : new RoutingLoop({ pipeline, now, offerTimeoutMs: options.offerTimeoutMs, onError, isLeader });
  let demo: DemoRunner | null = null;
  let startDemo = async () => {
    routing?.start();
  };
  if (isDemo) {
    const created = await seedDemoUsers(users);
    if (created.length > 0) app.log.info({ users: created }, 'demo users created (passwords in docs/api.md)');
    const runner = new DemoRunner({ pipeline, now, rate: options.demoRate, crews: options.demoCrews, onError, isLeader });
    demo = runner;
    await runner.setUp(await demoHistoryStart(store, now(), options.demoHistoryMs ?? DEMO_HISTORY_MS));
    // The back-fill takes longer than a start should (docs/benchmarks.md): it runs after the
    // server listens. Routing waits for it: a pass at the clock's now would date events after
    // the past the back-fill is still writing.
    startDemo = async () => {
      const history = await runner.play(routing ?? undefined);
      if (history.events > 0) {
        app.log.info({ ...history, from: new Date(history.from).toISOString(), to: new Date(history.to).toISOString() }, 'demo history filled');
      }
      if (!closing) routing?.start();
    };
  }
  app.lifecycle.isRouting = () => routing !== null && isLeader();
  const forgetOldHistory = async () => {
    const forgotten = await pipeline.read(() => pipeline.engine.retain(now(), RETENTION_CHECK_MS));
    if (forgotten > 0) app.log.info({ forgotten }, 'closed conversations older than the retention left memory');
  };
  await forgetOldHistory();
  const retention = setInterval(() => forgetOldHistory().catch(onError), RETENTION_CHECK_MS);
  retention.unref();

  let closing: Promise<void> | null = null;
  const address = await app.listen({ port: options.port ?? 8080, host: options.host ?? '0.0.0.0' });
  app.lifecycle.isReady = true;
  const bound = app.server.address();
  const port = typeof bound === 'object' && bound ? bound.port : (options.port ?? 8080);
  const url = options.host && options.host !== '0.0.0.0' ? `http://${options.host}:${port}` : address.replace('0.0.0.0', 'localhost');

  const demoLive = startDemo().catch(onError);
  const shutdown = () => {
    closing ??= (async () => {
      app.lifecycle.isDraining = true;
      app.log.info('shutting down: draining requests');
      clearInterval(retention);
      await demo?.stop();
      await demoLive;
      await routing?.stop();
      await leadership?.close();
      // Requests in flight finish; connections still open after the grace period are cut.
      const force = setTimeout(() => app.server.closeAllConnections(), options.drainTimeoutMs ?? 10_000);
      await app.close();
      clearTimeout(force);
      await pipeline.close();
      await db.close();
      app.log.info('shut down; every acknowledged event is durable');
    })();
    return closing;
  };
  return { app, url, pipeline, users, isDemo, demoLive, demo, shutdown };
}

/**
 * Where the demo's back-fill starts: `historyMs` before now on an empty log, else the log's
 * last event (a restart fills only the gap, never the same past twice), but never further
 * back than `historyMs`.
 */
async function demoHistoryStart(store: EventStore, now: number, historyMs: number): Promise<number> {
  const lastSeq = await store.lastSeq();
  const [last] = lastSeq > 0 ? await store.readFrom(lastSeq - 1, 1) : [];
  const lastAt = last ? Date.parse(last.event.at) : Number.NEGATIVE_INFINITY;
  return Math.min(now, Math.max(now - historyMs, lastAt));
}

type LogLevel = 'info' | 'warn' | 'error';
type ServerLog = Record<LogLevel, (details: object, message: string) => void>;

/**
 * The pipeline's and the leadership's log: held until the app's logger exists (restore
 * runs before the app), then handed over.
 */
class DeferredLog implements PipelineLog, ServerLog {
  private target: ServerLog | null = null;
  private held: { level: LogLevel; details: object; message: string }[] = [];

  info(details: object, message: string): void {
    this.write('info', details, message);
  }

  warn(details: object, message: string): void {
    this.write('warn', details, message);
  }

  error(details: object, message: string): void {
    this.write('error', details, message);
  }

  sendTo(target: ServerLog): void {
    this.target = target;
    for (const { level, details, message } of this.held.splice(0)) target[level](details, message);
  }

  private write(level: LogLevel, details: object, message: string): void {
    if (this.target) this.target[level](details, message);
    else this.held.push({ level, details, message });
  }
}
