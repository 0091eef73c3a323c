/**
 * Issue #10 item 9: a demo on an empty log fills the past 24 hours first (the simulator,
 * fast-forwarded, through the pipeline), so the reports are full on the first page load; a
 * restart fills only the gap since the log's last event.
 */
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/server/server.ts';
import { tempDir } from './helpers.ts';

const HOUR = 3_600_000;

/** Real speed from a fixed moment (a Tuesday 10:00 in Amsterdam), shifted forward on demand. */
function movableClock() {
  const startedAt = Date.now();
  const base = Date.parse('2026-03-03T09:00:00Z');
  let jump = 0;
  return {
    now: () => base + (Date.now() - startedAt) + jump,
    jumpBy: (ms: number) => {
      jump += ms;
    },
  };
}

describe('the demo fills the past 24 hours (issue #10 item 9)', () => {
  const dir = tempDir();
  const clock = movableClock();
  // Rate 1 keeps the test short; the back-fill is the same at any rate.
  const options = { dataDir: dir, port: 0, host: '127.0.0.1', demo: true, demoRate: 1, now: clock.now, logger: false } as const;
  let server: RunningServer;
  afterAll(async () => {
    await server?.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const cookies = new Map<RunningServer, string>();
  async function signIn(): Promise<string> {
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'supervisor', password: 'supervisor-demo' }),
    });
    expect(login.status).toBe(200);
    return login.headers.get('set-cookie')!.split(';')[0]!;
  }

  async function incomingBefore(at: number): Promise<number> {
    if (!cookies.has(server)) cookies.set(server, await signIn());
    const cookie = cookies.get(server)!;
    const response = await fetch(`${server.url}/api/v1/reports/summary?window=last24h&at=${new Date(at).toISOString()}`, { headers: { cookie } });
    expect(response.status).toBe(200);
    return ((await response.json()) as { kpis: { incoming: number } }).kpis.incoming;
  }

  /** Incoming per hour over the 24 h before `end`: the last-24h report at each hour, less the one an hour earlier. */
  async function incomingByHour(end: number): Promise<number[]> {
    const totals: number[] = [];
    for (let k = 0; k <= 24; k += 1) totals.push(await incomingBefore(end - k * HOUR));
    return totals.slice(0, 24).map((total, k) => total - totals[k + 1]!);
  }

  let firstEnd = 0;
  let firstHours: number[] = [];

  it('a fresh start listens at once, then its reports show incoming conversations in (nearly) every hour of the past day', async () => {
    server = await startServer(options);
    const listenedAt = clock.now();
    // Listening comes first; the past is filled in the background, then traffic is live.
    let isLive = false;
    void server.demoLive.then(() => {
      isLive = true;
    });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(isLive).toBe(false);
    await server.demoLive;
    const conversations = [...server.pipeline.engine.state.conversations.values()];
    expect(Math.min(...conversations.map((c) => c.createdAt))).toBeLessThan(listenedAt - 23 * HOUR);
    firstEnd = clock.now();
    firstHours = await incomingByHour(firstEnd);
    expect(firstHours.filter((count) => count > 0).length, firstHours.join(' ')).toBeGreaterThanOrEqual(22);
    // Nothing before the 24 hours: the window reaching further back counts no more.
    expect(await incomingBefore(firstEnd - 24 * HOUR)).toBe(0);
    // Routed and answered too: conversations reached agents during the past.
    expect(conversations.filter((c) => c.firstAcceptedAt !== null && c.firstAcceptedAt < listenedAt - 12 * HOUR).length).toBeGreaterThan(10);
    // Live after the back-fill: new conversations keep arriving (~2 a minute at rate 1 even at night).
    const seq = server.pipeline.durableSeq;
    await expect.poll(() => server.pipeline.durableSeq, { timeout: 30_000 }).toBeGreaterThan(seq);
  }, 240_000);

  it('a restart fills only the gap since the last event: the day already filled is not written again', async () => {
    await server.shutdown();
    const conversationsBefore = server.pipeline.engine.state.conversations.size;
    clock.jumpBy(2 * HOUR);
    server = await startServer(options);
    await server.demoLive;
    // The hours filled before the restart count exactly what they counted.
    expect(await incomingByHour(firstEnd)).toEqual(firstHours);
    // The two hours the server was down are filled: about a twelfth of a day, not a day again.
    const conversations = [...server.pipeline.engine.state.conversations.values()];
    const inGap = conversations.filter((c) => c.createdAt > firstEnd + 5 * 60_000 && c.createdAt < firstEnd + 2 * HOUR).length;
    expect(inGap).toBeGreaterThan(0);
    const added = conversations.length - conversationsBefore;
    expect(added).toBeGreaterThanOrEqual(inGap);
    expect(added).toBeLessThan(conversationsBefore / 4);
  }, 240_000);
});
