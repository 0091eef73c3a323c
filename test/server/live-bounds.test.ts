/**
 * A bounded live feed (issue #12 item 3): every frame counts against the client's buffer
 * (snapshots included) and a client too far behind is closed with 1013; client messages
 * are rate-limited; views per server and connections per user are capped, each with a
 * clear error. And the attack of the issue: 1,000 subscribes from a client that reads
 * nothing no longer grows the server by a gigabyte.
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Engine } from '../../src/engine/engine.ts';
import { CLOSE_TOO_SLOW, LiveHub, type LiveSocket } from '../../src/server/live/hub.ts';
import { ingest, login, neutralAnalyzer, openTestServer, siteEvents, type TestServer } from './helpers.ts';

/** A socket whose unsent bytes grow with what it is sent (a client that reads nothing). */
function stuckSocket() {
  const socket = {
    sent: [] as string[],
    bufferedAmount: 0,
    closedWith: null as number | null,
    terminated: false,
    send(data: string | Buffer) {
      socket.sent.push(data.toString());
      socket.bufferedAmount += data.length;
    },
    close(code: number) {
      socket.closedWith = code;
    },
    terminate() {
      socket.terminated = true;
    },
  };
  return socket satisfies LiveSocket;
}

function hubWith(limits: Partial<LiveHub['limits']>) {
  const engine = new Engine({ analyzer: neutralAnalyzer });
  for (const event of siteEvents()) engine.apply(event);
  for (let i = 0; i < 300; i += 1) {
    engine.apply({ id: `c${i}`, type: 'conversation.created', at: '2026-03-02T09:00:00Z', conversationId: `c${i}`, channel: 'chat', queueId: 'q-a', subject: 'x'.repeat(200) });
  }
  return new LiveHub(engine, limits, () => Date.parse('2026-03-02T10:00:00Z'));
}

const admin = { id: 'u-admin', role: 'admin' as const, queueIds: [] };

describe('live feed bounds (hub)', () => {
  it('counts snapshots against the buffer: a client too far behind is closed with 1013', () => {
    const hub = hubWith({ maxSocketBufferBytes: 100_000 });
    const socket = stuckSocket();
    const client = hub.connect(socket, admin);
    for (let i = 0; i < 20; i += 1) hub.receive(client, JSON.stringify({ type: 'subscribe', id: 's', report: 'ongoing', filters: { includeOpen: 'true' } }));
    const snapshots = socket.sent.filter((frame) => frame.startsWith('{"type":"snapshot"')).length;
    expect(snapshots).toBeGreaterThan(0);
    expect(snapshots).toBeLessThan(20);
    expect(socket.closedWith).toBe(CLOSE_TOO_SLOW);
    expect(socket.bufferedAmount).toBeLessThanOrEqual(200_000);
    expect(hub.stats().clients).toBe(0);
    hub.close();
  });

  it('drops what a client sends beyond its rate, with one error saying so', () => {
    const hub = hubWith({ maxMessagesPerSecond: 10 });
    const socket = stuckSocket();
    const client = hub.connect(socket, admin);
    for (let i = 0; i < 25; i += 1) hub.receive(client, '{"type":"nope"}');
    const errors = socket.sent.map((frame) => JSON.parse(frame).error.code);
    expect(errors.filter((code) => code === 'invalid-message')).toHaveLength(10);
    expect(errors.filter((code) => code === 'too-many-messages')).toHaveLength(1);
    hub.close();
  });

  it('caps the distinct views a server computes', () => {
    const hub = hubWith({ maxViews: 2 });
    const socket = stuckSocket();
    const client = hub.connect(socket, admin);
    for (const channel of ['chat', 'voice', 'email']) {
      hub.receive(client, JSON.stringify({ type: 'subscribe', id: channel, report: 'ongoing', filters: { channel } }));
    }
    const last = JSON.parse(socket.sent.at(-1)!);
    expect(last).toMatchObject({ type: 'error', id: 'email', error: { code: 'too-many-views' } });
    expect(hub.stats().views).toBe(2);
    hub.close();
  });
});

describe('live feed bounds (server)', () => {
  let server: TestServer;
  afterEach(async () => {
    await server.close();
    fs.rmSync(server.dir, { recursive: true, force: true });
  });

  it('1,000 subscribes from a client that reads nothing: closed, and the server stays small', async () => {
    server = await openTestServer();
    const { app } = server;
    const subject = 'A long subject line that makes every row of the ongoing view weigh a few hundred bytes. '.repeat(3);
    const conversations = Array.from({ length: 4_000 }, (_, i) => ({ id: `big-${i}`, type: 'conversation.created', at: '2026-03-02T09:00:30Z', conversationId: `big-${i}`, channel: 'chat', queueId: 'q-a', subject }));
    await ingest(app, [...siteEvents(), ...conversations]);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const cookie = await login(app, 'admin');
    global.gc?.();
    const before = process.memoryUsage().rss;
    const socket = new WebSocket(`ws://127.0.0.1:${port}/api/v1/live`, { headers: { cookie } });
    await new Promise((resolve) => socket.on('open', resolve));
    // Read nothing from now on.
    (socket as unknown as { _socket: { pause(): void } })._socket.pause();
    const subscribe = JSON.stringify({ type: 'subscribe', id: 's', report: 'ongoing', filters: { includeOpen: 'true' } });
    for (let i = 0; i < 1_000; i += 1) socket.send(subscribe);
    const hubClients = async () => (await app.inject({ url: '/metrics' })).body.match(/^omnipulse_live_clients (\d+)/m)?.[1];
    await expect.poll(hubClients, { timeout: 10_000 }).toBe('0');
    const grown = process.memoryUsage().rss - before;
    expect(grown).toBeLessThan(150 * 1024 * 1024);
    socket.terminate();
  });

  it('refuses a 17th live connection of one user with 429', async () => {
    server = await openTestServer();
    const { app } = server;
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const cookie = await login(app, 'admin');
    const open = () =>
      new Promise<{ status: number; socket: WebSocket }>((resolve) => {
        const socket = new WebSocket(`ws://127.0.0.1:${port}/api/v1/live`, { headers: { cookie } });
        socket.on('open', () => resolve({ status: 101, socket }));
        socket.on('unexpected-response', (_request, response) => resolve({ status: response.statusCode ?? 0, socket }));
        socket.on('error', () => {});
      });
    const opened = [];
    for (let i = 0; i < 16; i += 1) opened.push(await open());
    expect(opened.every((attempt) => attempt.status === 101)).toBe(true);
    expect((await open()).status).toBe(429);
    for (const { socket } of opened) socket.terminate();
  });
});
