/**
 * The PostgreSQL store passes the very same contract suite as the SQLite store, on a real
 * server (test/store/postgres-server.ts), each test in a fresh schema.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENTS_CHANNEL, PostgresEventStore } from '../../src/store/postgres-store.ts';
import { event, runEventStoreContract } from './contract.ts';
import { freshSchema, startPostgres, type TestPostgres } from './postgres-server.ts';

let server: TestPostgres;
beforeAll(async () => {
  server = await startPostgres();
}, 60_000);
afterAll(async () => server?.stop());

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
}

runEventStoreContract('postgres', async () => {
  const schema = freshSchema();
  return {
    open: () => PostgresEventStore.open(server.url, { schema }),
    dispose: () => dropSchema(schema),
  };
});

describe('PostgresEventStore specifics', () => {
  it('runs its migrations once, under a lock, however many nodes open it at the same time', async () => {
    const schema = freshSchema();
    const stores = await Promise.all([1, 2, 3].map(() => PostgresEventStore.open(server.url, { schema })));
    const versions = await stores[0]!.pool.query('SELECT version FROM omnipulse_migrations');
    expect(versions.rows).toEqual([{ version: 1 }, { version: 2 }]);
    await Promise.all(stores.map((store) => store.close()));
    await dropSchema(schema);
  });

  it('appends from two stores (two nodes) interleave into one gap-free log, and each commit is announced', async () => {
    const schema = freshSchema();
    const [a, b] = await Promise.all([PostgresEventStore.open(server.url, { schema }), PostgresEventStore.open(server.url, { schema })]);
    const listener = new pg.Client({ connectionString: server.url });
    await listener.connect();
    const announced: number[] = [];
    listener.on('notification', (message) => announced.push(Number(message.payload)));
    await listener.query(`LISTEN ${EVENTS_CHANNEL}`);
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).append([{ event: event(`e${i}`, { conversationId: `c${i % 5}` }) }])),
    );
    const log = await a.readFrom(0, 100);
    expect(log.map((stored) => stored.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(new Set(log.map((stored) => stored.event.id)).size).toBe(40);
    expect(await b.streamVersion('c0')).toBe(8);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(Math.max(...announced)).toBe(40);
    await listener.end();
    await Promise.all([a.close(), b.close()]);
    await dropSchema(schema);
  });
});
