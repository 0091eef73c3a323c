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
    const versions = await stores[0]!.pool.query('SELECT version FROM omnipulse_migrations ORDER BY version');
    expect(versions.rows).toEqual([{ version: 1 }, { version: 2 }, { version: 3 }]);
    await Promise.all(stores.map((store) => store.close()));
    await dropSchema(schema);
  });

  it('the migration to version 3 lists the seqs of every stream already logged (readStream on an old log)', async () => {
    const schema = freshSchema();
    let store = await PostgresEventStore.open(server.url, { schema });
    await store.append([1, 2, 3, 4].map((n) => ({ event: event(`e${n}`, n === 3 ? {} : { conversationId: n % 2 ? 'c1' : 'c2' }) })));
    // Back to a version 2 log: no seqs column, migration 3 not applied.
    await store.pool.query('ALTER TABLE streams DROP COLUMN seqs');
    await store.pool.query('DELETE FROM omnipulse_migrations WHERE version = 3');
    await store.close();
    store = await PostgresEventStore.open(server.url, { schema });
    expect((await store.readStream('c1')).map((stored) => stored.event.id)).toEqual(['e1']);
    expect((await store.readStream('c2')).map((stored) => stored.event.id)).toEqual(['e2', 'e4']);
    await store.close();
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

  it('a write the server refuses rejects its append whole, and the next append goes on gap-free', async () => {
    const schema = freshSchema();
    const store = await PostgresEventStore.open(server.url, { schema });
    await store.append([{ event: event('e1', { conversationId: 'c1' }) }]);
    // The write statement fails on the server (sent with its COMMIT in one round trip).
    await store.pool.query(`CREATE FUNCTION ${schema}.refuse() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.id = 'bad' THEN RAISE EXCEPTION 'refused by a trigger'; END IF; RETURN NEW; END $$`);
    await store.pool.query(`CREATE TRIGGER refuse BEFORE INSERT ON ${schema}.events FOR EACH ROW EXECUTE FUNCTION ${schema}.refuse()`);
    await expect(store.append([{ event: event('ok-1', { conversationId: 'c1' }) }, { event: event('bad') }])).rejects.toThrow('refused by a trigger');
    await expect(store.appendAfter(1, () => [{ event: event('bad') }])).rejects.toThrow('refused by a trigger');
    expect(await store.append([{ event: event('e2', { conversationId: 'c1' }) }])).toEqual([{ status: 'appended', seq: 2, version: 2 }]);
    expect((await store.readFrom(0, 10)).map((stored) => stored.event.id)).toEqual(['e1', 'e2']);
    expect((await store.readStream('c1')).map((stored) => stored.seq)).toEqual([1, 2]);
    await store.close();
    await dropSchema(schema);
  });

  it("wakes a store for another store's appends, not for its own", async () => {
    const schema = freshSchema();
    const [a, b] = await Promise.all([PostgresEventStore.open(server.url, { schema }), PostgresEventStore.open(server.url, { schema })]);
    let wakeUps = 0;
    a.onForeignAppend(() => (wakeUps += 1));
    const settle = () => new Promise((resolve) => setTimeout(resolve, 300));
    await settle(); // the listening connection is set up
    for (let i = 0; i < 5; i += 1) await a.append([{ event: event(`own${i}`) }]);
    await a.appendAfter(0, () => [{ event: event('own-turn') }]);
    await settle();
    expect(wakeUps).toBe(0);
    await b.append([{ event: event('foreign') }]);
    await settle();
    expect(wakeUps).toBe(1);
    await Promise.all([a.close(), b.close()]);
    await dropSchema(schema);
  });
});
