import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import WebSocket from 'ws';
import { EventPipeline, type PipelineOptions } from '../../src/engine/pipeline.ts';
import type { SentimentAnalyzer } from '../../src/sentiment/analyzer.ts';
import { type AppOptions, buildApp } from '../../src/server/app.ts';
import { timedStore } from '../../src/server/metrics.ts';
import { openServerDatabase } from '../../src/server/database.ts';
import { Users } from '../../src/server/users.ts';
import type { EventStore } from '../../src/store/event-store.ts';
import { SqliteEventStore } from '../../src/store/sqlite-store.ts';

/** Sentiment is not what these tests are about; a neutral analyzer keeps them independent of it. */
export const neutralAnalyzer: SentimentAnalyzer = {
  analyze: () => ({ score: 0, level: 'neutral', language: 'unknown' }) as ReturnType<SentimentAnalyzer['analyze']>,
  combine: () => 'neutral',
};

export const T0 = Date.parse('2026-03-02T09:00:00Z');
export const INGEST_TOKEN = 'test-ingest-token';

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'omnipulse-server-'));
}

export const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

/** Two queues, three agents (a1, a2 in q-a; b1 in q-b), all available. */
export function siteEvents(): Record<string, unknown>[] {
  return [
    { id: 'q-a', type: 'queue.upserted', at: at(0), queueId: 'q-a', name: 'Queue A' },
    { id: 'q-b', type: 'queue.upserted', at: at(0), queueId: 'q-b', name: 'Queue B' },
    { id: 'ag-a1', type: 'agent.upserted', at: at(0), agentId: 'a1', name: 'Anna', queueIds: ['q-a'] },
    { id: 'ag-a2', type: 'agent.upserted', at: at(0), agentId: 'a2', name: 'Arie', queueIds: ['q-a'] },
    { id: 'ag-b1', type: 'agent.upserted', at: at(0), agentId: 'b1', name: 'Bram', queueIds: ['q-b'] },
    { id: 'pr-a1', type: 'agent.presence', at: at(0), agentId: 'a1', presence: 'available' },
    { id: 'pr-a2', type: 'agent.presence', at: at(0), agentId: 'a2', presence: 'available' },
    { id: 'pr-b1', type: 'agent.presence', at: at(0), agentId: 'b1', presence: 'available' },
  ];
}

export function created(conversationId: string, queueId: string, seconds = 1, channel = 'chat'): Record<string, unknown> {
  return { id: `c-${conversationId}`, type: 'conversation.created', at: at(seconds), conversationId, channel, queueId, subject: `About ${conversationId}` };
}

export interface TestServer {
  app: FastifyInstance;
  pipeline: EventPipeline;
  users: Users;
  dir: string;
  now: { value: number };
  close(): Promise<void>;
  /**
   * Lets go of the server the way a crash after the last commit would: the app stops, the
   * store and the users database are released, and no shutdown snapshot is taken, so a
   * restart must replay the log after the last snapshot.
   */
  crash(): Promise<void>;
}

/** A real app on a real SQLite store in a temp folder, with admin, two supervisors and an agent. */
export interface TestServerOptions {
  dir?: string;
  seed?: boolean;
  /** Puts a wrapper around the real store (e.g. one that can fail or hold appends); the pipeline sees the wrapper. */
  wrapStore?: (store: SqliteEventStore) => EventStore;
  snapshotEvery?: number;
  /** Pipeline options besides the store and the analyzer (clock, cool-down). */
  pipeline?: Omit<PipelineOptions, 'store' | 'analyzer'>;
  /** App options besides the services (security settings). */
  app?: Pick<AppOptions, 'allowedOrigins' | 'trustProxy' | 'opsAccess' | 'loginLimits'>;
}

export async function openTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dir = options.dir ?? tempDir();
  const db = openServerDatabase(dir);
  const users = new Users(db);
  const sqlite = await SqliteEventStore.open(dir);
  const store = options.wrapStore ? options.wrapStore(sqlite) : sqlite;
  const pipeline = await EventPipeline.open({
    snapshotEvery: options.snapshotEvery,
    ...options.pipeline,
    store: timedStore(store),
    analyzer: neutralAnalyzer,
  });
  const now = { value: T0 + 60_000 };
  const app = await buildApp({ ...options.app, pipeline, users, ingestTokens: [INGEST_TOKEN], now: () => now.value });
  if (options.seed !== false && (await users.count()) === 0) {
    await users.create({ username: 'admin', password: 'admin-pass', role: 'admin' });
    await users.create({ username: 'sup-a', password: 'sup-a-pass', role: 'supervisor', queueIds: ['q-a'] });
    await users.create({ username: 'sup-b', password: 'sup-b-pass', role: 'supervisor', queueIds: ['q-b'] });
    await users.create({ username: 'agent-a1', password: 'agent-pass', role: 'agent', agentId: 'a1' });
  }
  let isClosed = false;
  return {
    app,
    pipeline,
    users,
    dir,
    now,
    async close() {
      if (isClosed) return;
      isClosed = true;
      await app.close();
      await pipeline.close();
      await db.close();
    },
    async crash() {
      if (isClosed) return;
      isClosed = true;
      await app.close();
      await sqlite.close();
      await db.close();
    },
  };
}

export const PASSWORDS: Record<string, string> = {
  admin: 'admin-pass',
  'sup-a': 'sup-a-pass',
  'sup-b': 'sup-b-pass',
  'agent-a1': 'agent-pass',
};

/** Signs in and returns the Cookie header to send. */
export async function login(app: FastifyInstance, username: string): Promise<string> {
  const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: PASSWORDS[username] } });
  if (response.statusCode !== 200) throw new Error(`login ${username}: ${response.statusCode} ${response.body}`);
  const setCookie = String(response.headers['set-cookie']);
  return setCookie.split(';')[0]!;
}

export async function ingest(app: FastifyInstance, events: unknown, token = INGEST_TOKEN) {
  return app.inject({ method: 'POST', url: '/api/v1/events', headers: { authorization: `Bearer ${token}` }, payload: events as object });
}

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface ChildServer {
  child: ChildProcess;
  url: string;
  /** Resolves with the exit code (null after a signal) once the process has ended. */
  exited: Promise<number | null>;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
}

/**
 * Runs `omnipulse start` (the real CLI entry) in a child process on `dir`, `--no-demo`, and
 * resolves once it listens. `env` is added to the environment (tokens, admin password).
 */
export function startChild(dir: string, env: Record<string, string>, args: string[] = []): Promise<ChildServer> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/server/fixtures/start-server.ts', '--port', '0', '--host', '127.0.0.1', '--data', dir, '--no-demo', ...args],
    { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve({ child, url: match[1]!, exited, output: () => output });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code, signal) => reject(new Error(`server exited early (${code ?? signal}): ${output}`)));
  });
}

export type LiveMessage = Record<string, any>;

/** A live-feed client for tests: messages queue up as they come; `close` ends the socket. */
export interface LiveTestClient {
  send(message: object): void;
  /** The next message, waiting up to 3 s. */
  next(): Promise<LiveMessage>;
  /** Everything received within `ms`. */
  drain(ms: number): Promise<LiveMessage[]>;
  close(): void;
}

/** The live feed's URL of a listening test app. */
export function liveUrl(app: FastifyInstance): string {
  return `ws://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/v1/live`;
}

export async function connectLive(url: string, cookie: string): Promise<LiveTestClient> {
  const socket = new WebSocket(url, { headers: { cookie } });
  const received: LiveMessage[] = [];
  socket.on('message', (data) => received.push(JSON.parse(data.toString())));
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  return {
    send: (message) => socket.send(JSON.stringify(message)),
    async next() {
      for (let waited = 0; received.length === 0; waited += 10) {
        if (waited > 3_000) throw new Error('no message in time');
        await sleep(10);
      }
      return received.shift()!;
    },
    async drain(ms) {
      await sleep(ms);
      return received.splice(0);
    },
    close: () => socket.terminate(),
  };
}

/**
 * Report parameters every report-like endpoint refuses (400 naming the field), shared by the
 * reports and the series tests so both endpoints answer the same filters the same way.
 */
export const BAD_REPORT_PARAMETERS: readonly (readonly [query: string, field: string])[] = [
  ['window=week', 'window'],
  ['tz=Mars/Olympus', 'tz'],
  ['at=2026-03-02T09:00:00', 'at'],
  ['channel=pigeon', 'channel'],
  ['status=lost', 'status'],
  ['direction=sideways', 'direction'],
  ['includeOpen=maybe', 'includeOpen'],
  ['queue=a&queue=b', 'queue'],
  ['channel=chat&channel=voice', 'channel'],
];
