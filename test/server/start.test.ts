import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { simulate } from '../../src/cli/simulate-command.ts';
import { DEMO_SITE } from '../../src/channels/demo-site.ts';
import { demoCrews } from '../../src/server/demo.ts';
import { type RunningServer, startServer } from '../../src/server/server.ts';
import { tempDir } from './helpers.ts';

/**
 * A clock running at real speed from a weekday mid-morning in Amsterdam: the simulator's
 * arrivals follow the time of day, so a test must not depend on when it runs.
 */
function peakHourClock(): () => number {
  const startedAt = Date.now();
  const peak = Date.parse('2026-03-03T09:30:00Z');
  return () => peak + (Date.now() - startedAt);
}

describe('omnipulse start and simulate (SPEC §9)', () => {
  const running: RunningServer[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    for (const server of running.splice(0)) await server.shutdown();
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });
  async function start(options: Partial<Parameters<typeof startServer>[0]> = {}) {
    const dir = tempDir();
    dirs.push(dir);
    const server = await startServer({ dataDir: dir, port: 0, host: '127.0.0.1', demoHistoryMs: 0, ...options });
    running.push(server);
    return server;
  }

  it('demo is the default while no user exists: the site, the demo users and live traffic', async () => {
    const server = await start({ demoRate: 20, now: peakHourClock() });
    expect(server.isDemo).toBe(true);
    await expect.poll(() => server.pipeline.engine.state.conversations.size, { timeout: 10_000 }).toBeGreaterThan(0);
    expect([...server.pipeline.engine.state.queues.keys()].sort()).toEqual(DEMO_SITE.queues.map((q) => q.queueId).sort());
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'supervisor', password: 'supervisor-demo' }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const summary = await fetch(`${server.url}/api/v1/reports/summary`, { headers: { cookie } });
    expect(summary.status).toBe(200);
    expect(((await summary.json()) as { kpis: { agents: { total: number } } }).kpis.agents.total).toBe(DEMO_SITE.agents.length * demoCrews(20));
    for (const [username, password] of [['admin', 'admin-demo'], ['teamlead', 'teamlead-demo'], ['agent', 'agent-demo']]) {
      expect(await server.users.authenticate(username!, password!), username).not.toBeNull();
    }
  });

  it('no demo when told so; OMNIPULSE_ADMIN_PASSWORD creates the admin', async () => {
    const server = await start({ demo: 'auto', adminPassword: 'from-env-123' });
    // Users are counted before the admin password is applied: an empty folder is still a demo.
    expect(server.isDemo).toBe(true);
    const plain = await start({ demo: false, adminPassword: 'from-env-123' });
    expect(plain.isDemo).toBe(false);
    expect(plain.pipeline.engine.state.queues.size).toBe(0);
    expect(await plain.users.authenticate('admin', 'from-env-123')).not.toBeNull();
  });

  it('simulate drives a running server through the ingest API', async () => {
    const server = await start({ demo: false, ingestToken: 'sim-token', routing: false });
    const totals = await simulate({ url: server.url, token: 'sim-token', rate: 50, durationMs: 1_500, seed: 7, tickMs: 100, now: peakHourClock() });
    expect(totals.accepted).toBeGreaterThan(DEMO_SITE.agents.length);
    expect(totals.rejected).toBe(0);
    expect(server.pipeline.engine.state.queues.size).toBe(DEMO_SITE.queues.length);
    expect(server.pipeline.engine.state.conversations.size).toBeGreaterThan(0);
  });
});
