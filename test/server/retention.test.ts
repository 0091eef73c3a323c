/**
 * Retention of the running server: closed conversations older than the reports' 72 h
 * horizon leave memory at start (and every ten minutes) without changing a report; the log
 * keeps them, and the conversation view reads its timeline from the log.
 */
import fs from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { RETENTION_MS, type RunningServer, startServer } from '../../src/server/server.ts';
import { created, INGEST_TOKEN, neutralAnalyzer, siteEvents, T0, tempDir } from './helpers.ts';

const dir = tempDir();
let server: RunningServer | null = null;
afterEach(async () => {
  await server?.shutdown();
  server = null;
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

it('forgets closed conversations older than the retention at start, keeps the others', async () => {
  const start = (now: number) =>
    startServer({ dataDir: dir, port: 0, host: '127.0.0.1', demo: false, routing: false, ingestToken: INGEST_TOKEN, adminPassword: 'admin-password-1', analyzer: neutralAnalyzer, now: () => now, logger: false });
  server = await start(T0 + 60_000);
  const response = await fetch(`${server.url}/api/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${INGEST_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify([
      ...siteEvents(),
      created('old-closed', 'q-a'),
      { id: 'close-old', type: 'conversation.closed', at: new Date(T0 + 30_000).toISOString(), conversationId: 'old-closed' },
      created('old-open', 'q-a'),
      ...Array.from({ length: 3 }, (_, i) => ({ id: `msg-${i}`, type: 'conversation.message', at: new Date(T0 + 40_000 + i).toISOString(), conversationId: 'old-open', from: 'customer', text: `line ${i}` })),
    ]),
  });
  expect((await response.json()) as unknown).toMatchObject({ accepted: 14, rejected: [] });
  await server.shutdown();

  server = await start(T0 + RETENTION_MS + 3_600_000);
  const { conversations } = server.pipeline.engine.state;
  expect(conversations.has('old-closed')).toBe(false);
  expect(conversations.get('old-open')?.status).toBe('open');
  // Its id is still a duplicate: the store's index knows it, though memory does not.
  const again = await server.pipeline.submit([{ id: 'close-old', type: 'conversation.closed', at: new Date(T0 + 30_000).toISOString(), conversationId: 'old-closed' }]);
  expect(again).toMatchObject({ accepted: 0, duplicates: 1 });
  // The conversation view's timeline comes from the log: whole after the restart.
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'admin-password-1' }),
  });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const view = (await (await fetch(`${server.url}/api/v1/conversations/old-open`, { headers: { cookie } })).json()) as {
    timeline: { id: string }[];
    transcript: { text: string }[];
  };
  expect(view.timeline.map((event) => event.id)).toEqual(['c-old-open', 'msg-0', 'msg-1', 'msg-2']);
  expect(view.transcript.map((line) => line.text)).toEqual(['line 0', 'line 1', 'line 2']);
  expect((await fetch(`${server.url}/api/v1/conversations/old-closed`, { headers: { cookie } })).status).toBe(404);
});
