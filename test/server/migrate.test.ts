/**
 * `omnipulse migrate --to DATABASE_URL`: a data folder taken under load (a backup, restored)
 * moves up to a real PostgreSQL; the server started there gives the same reports, the same
 * users sign in; running it again copies nothing twice.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restoreBackup, writeBackup } from '../../src/cli/backup-command.ts';
import { migrate } from '../../src/cli/migrate-command.ts';
import { Engine } from '../../src/engine/engine.ts';
import { startServer } from '../../src/server/server.ts';
import { SqliteEventStore } from '../../src/store/sqlite-store.ts';
import { startPostgres, type TestPostgres } from '../store/postgres-server.ts';
import { INGEST_TOKEN, T0, created, neutralAnalyzer, siteEvents, tempDir } from './helpers.ts';

let postgres: TestPostgres;
beforeAll(async () => {
  postgres = await startPostgres();
}, 60_000);
afterAll(async () => postgres?.stop());

describe('migrate to PostgreSQL', () => {
  it('moves a folder taken under load: same reports, same users; a second run copies nothing', async () => {
    const data = tempDir();
    const options = { port: 0, host: '127.0.0.1', demo: false, routing: false, ingestToken: INGEST_TOKEN, adminPassword: 'admin-password', now: () => T0 + 60_000 } as const;
    const source = await startServer({ ...options, dataDir: data });
    const post = (events: unknown[]) =>
      fetch(`${source.url}/api/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${INGEST_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(events) });
    await post(siteEvents());
    const load = Promise.all(Array.from({ length: 20 }, (_, n) => post(Array.from({ length: 20 }, (_, i) => created(`m${n}-${i}`, i % 2 ? 'q-a' : 'q-b', 2)))));
    await new Promise((resolve) => setTimeout(resolve, 30));
    const backup = path.join(tempDir(), 'taken-under-load.backup');
    writeBackup(data, backup);
    await load;
    await source.shutdown();
    const folder = tempDir();
    restoreBackup(backup, folder);

    const first = await migrate(folder, postgres.url);
    const log = await SqliteEventStore.open(folder);
    const events = await log.readFrom(0, 1_000_000);
    await log.close();
    expect(first.events).toEqual({ read: events.length, copied: events.length });
    expect(first.rows.users).toBe(1);
    const second = await migrate(folder, postgres.url);
    expect(second.events).toEqual({ read: events.length, copied: 0 });
    expect(Object.values(second.rows).every((n) => n === 0)).toBe(true);

    const engine = new Engine({ analyzer: neutralAnalyzer });
    for (const { event } of events) engine.apply(event);
    const moved = await startServer({ ...options, dataDir: tempDir(), databaseUrl: postgres.url });
    try {
      const login = await fetch(`${moved.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'admin-password' }) });
      expect(login.status).toBe(200);
      const query = { at: T0 + 60_000, atIso: new Date(T0 + 60_000).toISOString(), window: 'last24h' as const, includeOpen: false, filters: {} };
      for (const kind of ['ongoing', 'summary', 'agents', 'voice'] as const) {
        expect(moved.pipeline.engine.report(kind, query)).toEqual(engine.report(kind, query));
      }
    } finally {
      await moved.shutdown();
    }
    fs.rmSync(data, { recursive: true, force: true });
    fs.rmSync(folder, { recursive: true, force: true });
  });
});
