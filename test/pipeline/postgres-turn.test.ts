/**
 * The writer's turn on a shared PostgreSQL log (docs/store.md "Writers take turns"): what
 * another node logs is applied as its NOTIFY comes, without a turn (the lock every node
 * shares is not needed to read the log), and a turn appends right after the tail it read,
 * each event applied once.
 */
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { EventPipeline } from '../../src/engine/pipeline.js';
import { defaultAnalyzer } from '../../src/sentiment/index.js';
import { APPEND_LOCK, EVENTS_CHANNEL, PostgresEventStore } from '../../src/store/postgres-store.js';
import { freshSchema, startPostgres, type TestPostgres } from '../store/postgres-server.js';

let server: TestPostgres;
beforeAll(async () => {
  server = await startPostgres();
}, 60_000);
afterAll(async () => server?.stop());

const T0 = Date.parse('2026-12-02T05:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();

/** Logs an event of conversation c1 as another node's store would: its row, the stream's version, the wake-up. */
async function logAsAnotherNode(client: pg.Client, seq: number, version: number, event: Record<string, unknown>): Promise<void> {
  await client.query('BEGIN');
  await client.query('INSERT INTO events (seq, id, stream, version, body) VALUES ($1, $2, $3, $4, $5)', [seq, event.id, 'c1', version, JSON.stringify(event)]);
  await client.query(
    `INSERT INTO streams (stream, version, seqs) VALUES ('c1', $1, $2::text)
     ON CONFLICT (stream) DO UPDATE SET version = excluded.version, seqs = streams.seqs || ',' || excluded.seqs`,
    [version, seq],
  );
  await client.query('SELECT pg_notify($1, $2)', [EVENTS_CHANNEL, String(seq)]);
  await client.query('COMMIT');
}

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

it('applies what another node logs without taking the lock, then appends after it, each event once', async () => {
  const schema = freshSchema();
  const store = await PostgresEventStore.open(server.url, { schema });
  const warnings: string[] = [];
  const log = { warn: (_: object, message: string) => warnings.push(message), error: (_: object, message: string) => warnings.push(message) };
  const pipeline = await EventPipeline.open({ store, analyzer: defaultAnalyzer, now: () => T0 + 86_400_000, log });
  await pipeline.submit([{ id: 'q', type: 'queue.upserted', at: at(0), queueId: 'q1', name: 'Support' }]);

  // Another node: it holds the append lock while it logs, one commit at a time.
  const other = new pg.Client({ connectionString: server.url, options: `-c search_path=${schema}` });
  await other.connect();
  await other.query('SELECT pg_advisory_lock($1)', [APPEND_LOCK]);
  await logAsAnotherNode(other, 2, 1, { id: 'f1', type: 'conversation.created', at: at(1), conversationId: 'c1', channel: 'chat', queueId: 'q1' });
  await until(() => pipeline.engine.streamVersion('c1') === 1);

  // A turn waits for the lock; what is logged meanwhile is its tail.
  let answered = false;
  const own = pipeline.submit([{ id: 'own', type: 'conversation.message', at: at(3), conversationId: 'c1', from: 'agent', text: 'Hello' }]);
  void own.then(() => (answered = true));
  await new Promise((resolve) => setTimeout(resolve, 200));
  await logAsAnotherNode(other, 3, 2, { id: 'f2', type: 'conversation.message', at: at(2), conversationId: 'c1', from: 'customer', text: 'Hi' });
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(answered).toBe(false);

  await other.query('SELECT pg_advisory_unlock($1)', [APPEND_LOCK]);
  expect(await own).toMatchObject({ accepted: 1, rejected: [] });
  expect(pipeline.engine.streamVersion('c1')).toBe(3);
  expect(pipeline.durableSeq).toBe(4);
  expect((await store.readStream('c1')).map((stored) => [stored.seq, stored.event.id])).toEqual([
    [2, 'f1'],
    [3, 'f2'],
    [4, 'own'],
  ]);
  // Applied twice, the conversation.created would have been refused ("already exists").
  expect(warnings).toEqual([]);
  await other.end();
  await pipeline.close();
});
