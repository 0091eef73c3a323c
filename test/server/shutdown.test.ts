/**
 * Graceful shutdown (SPEC §9, DESIGN.md "durable before anyone is told ok"): a real
 * `omnipulse start` process takes ingest traffic, gets SIGTERM in the middle of it, and
 * every event it acknowledged is there after a restart on the same data folder.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/server.ts';
import { at, siteEvents, tempDir } from './helpers.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TOKEN = 'shutdown-token';

function startChild(dir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/server/fixtures/start-server.ts', '--port', '0', '--host', '127.0.0.1', '--data', dir, '--no-demo'], {
    cwd: ROOT,
    env: { ...process.env, OMNIPULSE_INGEST_TOKEN: TOKEN, OMNIPULSE_ADMIN_PASSWORD: 'restart-admin', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve({ child, url: match[1]! });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`server exited early (${code}): ${output}`)));
  });
}

describe('graceful shutdown keeps acknowledged events (SPEC §9)', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('SIGTERM during ingest: every acknowledged event is there after a restart', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const { child, url } = await startChild(dir);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
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
      for (const id of acknowledged) expect(restarted.pipeline.engine.hasSeen(id), id).toBe(true);
      const login = await restarted.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'restart-admin' } });
      expect(login.statusCode).toBe(200);
    } finally {
      await restarted.shutdown();
    }
  });
});
