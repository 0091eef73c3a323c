/**
 * Graceful shutdown (SPEC §9, DESIGN.md "durable before anyone is told ok"): a real
 * `omnipulse start` process takes ingest traffic, gets SIGTERM in the middle of it, and
 * every event it acknowledged is there after a restart on the same data folder.
 */
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../../src/store/sqlite-store.ts';
import { startServer } from '../../src/server/server.ts';
import { at, siteEvents, startChild, tempDir } from './helpers.ts';

const TOKEN = 'shutdown-token';

describe('graceful shutdown keeps acknowledged events (SPEC §9)', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('SIGTERM during ingest: every acknowledged event is there after a restart', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const { child, url, exited } = await startChild(dir, { OMNIPULSE_INGEST_TOKEN: TOKEN, OMNIPULSE_ADMIN_PASSWORD: 'restart-admin' });
    const post = (events: unknown[]) =>
      fetch(`${url}/api/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(events) });
    expect((await post(siteEvents())).status).toBe(200);

    const acknowledged: string[] = [];
    const batch = (n: number) =>
      Array.from({ length: 200 }, (_, i) => ({ id: `p-${n}-${i}`, type: 'agent.presence', at: at(10 + n), agentId: 'a1', presence: i % 2 ? 'away' : 'available' }));
    const sends: Promise<void>[] = [];
    let n = 0;
    // A steady stream of batches; SIGTERM lands while some are in flight.
    const pump = setInterval(() => {
      const events = batch(n++);
      sends.push(
        post(events).then(
          async (response) => {
            if (response.status === 200 && (await response.json()).accepted === events.length) acknowledged.push(...events.map((e) => e.id));
          },
          () => {},
        ),
      );
    }, 5);
    await new Promise((resolve) => setTimeout(resolve, 400));
    child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 50));
    clearInterval(pump);
    expect(await exited).toBe(0);
    await Promise.all(sends);
    expect(acknowledged.length).toBeGreaterThan(0);

    const restarted = await startServer({ dataDir: dir, port: 0, host: '127.0.0.1', demo: false, routing: false });
    try {
      const log = await SqliteEventStore.open(dir);
      const logged = await log.existingIds(acknowledged);
      await log.close();
      for (const id of acknowledged) expect(logged.has(id), id).toBe(true);
      const login = await restarted.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'restart-admin' } });
      expect(login.statusCode).toBe(200);
    } finally {
      await restarted.shutdown();
    }
  });
});
