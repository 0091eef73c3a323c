/**
 * The live feed's session sweep (docs/live-feed.md, docs/security.md): every open socket's
 * session is checked again twice a second, in one batch per sweep — one query for up to
 * 512 sessions — not one query per socket.
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { EventPipeline } from '../../src/engine/pipeline.ts';
import { openServerDatabase } from '../../src/server/database.ts';
import type { LiveUser } from '../../src/server/live/hub.ts';
import { CLOSE_UNAUTHORIZED, livePlugin } from '../../src/server/live/plugin.ts';
import type { SqlDatabase } from '../../src/server/sql.ts';
import { SESSION_COOKIE, Users } from '../../src/server/users.ts';
import { SqliteEventStore } from '../../src/store/sqlite-store.ts';
import { neutralAnalyzer, tempDir } from './helpers.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The server database, counting its queries. */
function countingDatabase(dir: string): { db: SqlDatabase; queries: () => number } {
  const db = openServerDatabase(dir);
  let queries = 0;
  const counted: SqlDatabase = {
    query: (sql, params) => {
      queries += 1;
      return db.query(sql, params);
    },
    run: (sql, params) => db.run(sql, params),
    batch: (statements) => db.batch(statements),
    close: () => db.close(),
  };
  return { db: counted, queries: () => queries };
}

describe('live feed session sweep', () => {
  it('finds the users of many session cookies in one query: ended, unknown and missing sessions are null', async () => {
    const dir = tempDir();
    const { db, queries } = countingDatabase(dir);
    cleanups.push(async () => {
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    const users = new Users(db);
    const ann = await users.create({ username: 'ann', password: 'ann-password-long', role: 'supervisor', queueIds: ['q1'] });
    const bob = await users.create({ username: 'bob', password: 'bob-password-long', role: 'admin' });
    const annCookie = `theme=dark; ${SESSION_COOKIE}=${await users.startSession(ann)}`;
    const bobCookie = `${SESSION_COOKIE}=${await users.startSession(bob)}`;
    const endedToken = await users.startSession(bob);
    await users.endSession(endedToken);

    const before = queries();
    const found = await users.usersFromCookieHeaders([annCookie, undefined, `${SESSION_COOKIE}=forged`, bobCookie, `${SESSION_COOKIE}=${endedToken}`, annCookie]);
    expect(queries() - before).toBe(1);
    expect(found.map((user) => user?.username ?? null)).toEqual(['ann', null, null, 'bob', null, 'ann']);
    expect(found[0]).toMatchObject({ role: 'supervisor', queueIds: ['q1'] });

    // 600 distinct sessions: two queries of at most 512.
    const many = await Promise.all(Array.from({ length: 600 }, async () => `${SESSION_COOKIE}=${await users.startSession(ann)}`));
    const beforeMany = queries();
    const manyFound = await users.usersFromCookieHeaders(many);
    expect(queries() - beforeMany).toBe(2);
    expect(manyFound.every((user) => user?.id === ann.id)).toBe(true);
  });

  it('checks every open socket in one call per sweep, and closes the ones whose session ended (4401)', async () => {
    const dir = tempDir();
    const store = await SqliteEventStore.open(dir);
    const pipeline = await EventPipeline.open({ store, analyzer: neutralAnalyzer });
    const people: Record<string, LiveUser> = {
      ann: { id: 'ann', role: 'admin', queueIds: [] },
      bob: { id: 'bob', role: 'admin', queueIds: [] },
      cy: { id: 'cy', role: 'admin', queueIds: [] },
    };
    const ended = new Set<string>();
    const userOf = (cookie: string | undefined) => {
      const name = /session=(\w+)/.exec(cookie ?? '')?.[1] ?? '';
      return ended.has(name) ? null : (people[name] ?? null);
    };
    let singleChecks = 0;
    const sweeps: number[] = [];
    const app = Fastify();
    await app.register(livePlugin, {
      pipeline,
      sessionCheckMs: 40,
      authenticate: async (cookie) => {
        singleChecks += 1;
        return userOf(cookie);
      },
      authenticateAll: async (cookies) => {
        sweeps.push(cookies.length);
        return cookies.map(userOf);
      },
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    cleanups.push(async () => {
      await app.close();
      await pipeline.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    const url = `ws://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/v1/live`;
    const sockets = await Promise.all(
      Object.keys(people).map(
        (name) =>
          new Promise<{ ws: WebSocket; closeCode: () => number | null }>((resolve, reject) => {
            const ws = new WebSocket(url, { headers: { cookie: `session=${name}` } });
            let closeCode: number | null = null;
            ws.on('close', (code) => (closeCode = code));
            ws.once('open', () => resolve({ ws, closeCode: () => closeCode })).once('error', reject);
            cleanups.push(() => ws.terminate());
          }),
      ),
    );
    await expect.poll(() => sweeps.filter((count) => count === 3).length, { timeout: 2_000 }).toBeGreaterThanOrEqual(3);
    // The upgrades checked one session each; the sweeps never did.
    expect(singleChecks).toBe(3);
    expect(sockets.every((socket) => socket.closeCode() === null)).toBe(true);

    ended.add('bob');
    await expect.poll(() => sockets[1]!.closeCode(), { timeout: 2_000 }).toBe(CLOSE_UNAUTHORIZED);
    expect(sockets[0]!.closeCode()).toBeNull();
    expect(sockets[2]!.closeCode()).toBeNull();
    await expect.poll(() => sweeps.at(-1), { timeout: 2_000 }).toBe(2);
  });
});
