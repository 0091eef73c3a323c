/**
 * `omnipulse start` with DATABASE_URL: the event log lives in PostgreSQL (a real server,
 * test/store/postgres-server.ts); what was acknowledged is there after a restart.
 */
import fs from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresServerDatabase } from '../../src/server/database.ts';
import { DEMO_USERS, seedDemoUsers } from '../../src/server/demo.ts';
import { type RunningServer, startServer } from '../../src/server/server.ts';
import { Users } from '../../src/server/users.ts';
import { PostgresEventStore } from '../../src/store/postgres-store.ts';
import { startPostgres, type TestPostgres } from '../store/postgres-server.ts';
import { INGEST_TOKEN, T0, created, siteEvents, tempDir } from './helpers.ts';

let postgres: TestPostgres;
beforeAll(async () => {
  postgres = await startPostgres();
}, 60_000);
afterAll(async () => postgres?.stop());

describe('start on PostgreSQL (DATABASE_URL)', () => {
  it('nodes that start together on an empty database seed the same users once, and none fails', async () => {
    const name = `seed_race_${process.pid}_${Date.now()}`;
    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    await client.query(`CREATE DATABASE ${name}`);
    await client.end();
    const url = postgres.url.replace(/\/[^/?]+(\?|$)/, `/${name}$1`);
    const nodes = await Promise.all([1, 2, 3].map(async () => new Users(await openPostgresServerDatabase(url), Date.now)));
    try {
      const created = await Promise.all(nodes.map((users) => seedDemoUsers(users)));
      expect(created.flat().sort()).toEqual(DEMO_USERS.map((user) => user.username).sort());
      // OMNIPULSE_ADMIN_PASSWORD on every node at once: one creates the user, the others find it.
      const admins = await Promise.all(nodes.map((users) => users.upsertPassword({ username: 'root', password: 'root-password-1', role: 'admin' })));
      expect(new Set(admins.map((admin) => admin.id)).size).toBe(1);
      expect(await nodes[0]!.count()).toBe(DEMO_USERS.length + 1);
    } finally {
      await Promise.all(nodes.map((users) => users.db.close()));
    }
  });

  it('logs ingested events in PostgreSQL and serves them again after a restart', async () => {
    const dataDir = tempDir();
    const options = { dataDir, databaseUrl: postgres.url, port: 0, host: '127.0.0.1', demo: false, routing: false, ingestToken: INGEST_TOKEN, adminPassword: 'admin-password', now: () => T0 + 60_000 } as const;
    let server: RunningServer = await startServer(options);
    const post = (events: unknown[]) =>
      fetch(`${server.url}/api/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${INGEST_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(events) });
    expect(await (await post([...siteEvents(), created('p1', 'q-a'), created('p2', 'q-b')])).json()).toMatchObject({ accepted: 10 });
    const login = async () => {
      const response = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'admin-password' }) });
      return response.headers.get('set-cookie')!.split(';')[0]!;
    };
    const ongoing = async () => (await (await fetch(`${server.url}/api/v1/reports/ongoing`, { headers: { cookie: await login() } })).json()) as { conversations: { id: string }[] };
    const before = await ongoing();
    expect(before.conversations.map((row) => row.id).sort()).toEqual(['p1', 'p2']);
    await server.shutdown();

    const store = await PostgresEventStore.open(postgres.url);
    expect((await store.readFrom(0, 100)).map((stored) => stored.event.id)).toContain('c-p2');
    await store.close();

    server = await startServer(options);
    expect(await ongoing()).toEqual(before);
    await server.shutdown();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});
