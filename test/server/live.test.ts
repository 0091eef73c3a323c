import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { EventPipeline } from '../../src/engine/pipeline.ts';
import { defaultAnalyzer } from '../../src/sentiment/index.ts';
import { type LiveHub, type LiveLimits, type LiveUser } from '../../src/server/live/hub.ts';
import { CLOSE_UNAUTHORIZED, livePlugin } from '../../src/server/live/plugin.ts';
import { SqliteEventStore } from '../../src/store/sqlite-store.ts';

type Message = Record<string, any>;

const USERS: Record<string, LiveUser> = {
  admin: { id: 'u-admin', role: 'admin', queueIds: [] },
  sup1: { id: 'u-sup1', role: 'supervisor', queueIds: ['q1'] },
  agent1: { id: 'u-agent1', role: 'agent', queueIds: ['q1'] },
};

interface Harness {
  app: FastifyInstance;
  pipeline: EventPipeline;
  hub: LiveHub;
  url: string;
  clientCounts: number[];
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

let eventNumber = 0;
const nowIso = () => new Date().toISOString();
const evt = (type: string, fields: Record<string, unknown>) => ({ id: `e${++eventNumber}`, type, at: nowIso(), ...fields });
const created = (conversationId: string, queueId = 'q1', subject = 'Order') =>
  evt('conversation.created', { conversationId, channel: 'chat', queueId, subject });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function start(limits: Partial<LiveLimits> = {}): Promise<Harness> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnipulse-live-'));
  const store = await SqliteEventStore.open(dir);
  const pipeline = await EventPipeline.open({ store, analyzer: defaultAnalyzer });
  const app = Fastify();
  let hub: LiveHub | null = null;
  const clientCounts: number[] = [];
  await app.register(livePlugin, {
    pipeline,
    authenticate: async (cookie) => USERS[/session=(\w+)/.exec(cookie ?? '')?.[1] ?? ''] ?? null,
    limits,
    onHub: (created) => (hub = created),
    onClientCount: (n) => clientCounts.push(n),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  cleanups.push(async () => {
    await app.close();
    await pipeline.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  await pipeline.submit([
    evt('queue.upserted', { queueId: 'q1', name: 'Sales' }),
    evt('queue.upserted', { queueId: 'q2', name: 'Support' }),
    evt('agent.upserted', { agentId: 'a1', name: 'Ann', queueIds: ['q1'] }),
    evt('agent.presence', { agentId: 'a1', presence: 'available' }),
  ]);
  const { port } = app.server.address() as AddressInfo;
  return { app, pipeline, hub: hub!, url: `ws://127.0.0.1:${port}/api/v1/live`, clientCounts };
}

/** A real WebSocket client that queues what it receives. */
class Client {
  readonly ws: WebSocket;
  readonly received: Message[] = [];
  private waiters: (() => void)[] = [];
  closeCode: number | null = null;

  constructor(url: string, user?: string) {
    this.ws = new WebSocket(url, user ? { headers: { cookie: `theme=dark; session=${user}` } } : {});
    this.ws.on('message', (data) => {
      this.received.push(JSON.parse(data.toString()));
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.ws.on('close', (code) => {
      this.closeCode = code;
      for (const wake of this.waiters.splice(0)) wake();
    });
    cleanups.push(() => this.ws.terminate());
  }

  static async open(url: string, user?: string): Promise<Client> {
    const client = new Client(url, user);
    await new Promise((resolve, reject) => client.ws.once('open', resolve).once('error', reject));
    return client;
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** The next message (removed from the queue), waiting up to `timeoutMs`. */
  async next(timeoutMs = 2_000): Promise<Message> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length === 0) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('no message in time');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => (clearTimeout(timer), resolve()));
      });
    }
    return this.received.shift()!;
  }

  /** Everything received within `ms`. */
  async drain(ms: number): Promise<Message[]> {
    await sleep(ms);
    return this.received.splice(0);
  }

  async subscribe(id: string, report: string, filters: Record<string, unknown> = {}): Promise<Message> {
    this.send({ type: 'subscribe', id, report, filters });
    const snapshot = await this.next();
    expect(snapshot).toMatchObject({ type: 'snapshot', id });
    return snapshot;
  }
}

async function until(condition: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(5);
  }
}

describe('live feed (SPEC §9 WebSocket)', () => {
  it('sends a snapshot, then patches: a row on create, its change on accept, its removal on close', async () => {
    const h = await start();
    const client = await Client.open(h.url, 'admin');
    const snapshot = await client.subscribe('s1', 'ongoing');
    expect(snapshot.seq).toBe(1);
    expect(snapshot.data).toMatchObject({ conversations: [] });
    expect(snapshot.data.at).toEqual(expect.any(String));
    expect(snapshot.data.window).toEqual({ from: expect.any(String), to: expect.any(String) });

    const before = Date.now();
    await h.pipeline.submit([created('c1')]);
    const added = await client.next();
    expect(added).toMatchObject({ type: 'patch', id: 's1', seq: 2, remove: [] });
    expect(added.upsert).toHaveLength(1);
    const row = added.upsert[0];
    expect(row).toMatchObject({ id: 'c1', status: 'open', accepted: false, queueId: 'q1', queueName: 'Sales', waitSeconds: 0 });
    expect(Date.parse(row.waitStartedAt)).toBeGreaterThanOrEqual(before - 5);
    expect(row).toMatchObject({ handleBaseMs: 0, handleRunningSince: null });

    await h.pipeline.submit([
      evt('conversation.assigned', { conversationId: 'c1', agentId: 'a1', by: 'routing' }),
      evt('conversation.accepted', { conversationId: 'c1', agentId: 'a1' }),
    ]);
    const accepted = await client.next();
    expect(accepted.seq).toBe(3);
    expect(accepted.upsert[0]).toMatchObject({ id: 'c1', status: 'active', accepted: true, activeAgentName: 'Ann', waitStartedAt: null });
    expect(accepted.upsert[0].handleRunningSince).toEqual(expect.any(String));

    await h.pipeline.submit([evt('conversation.closed', { conversationId: 'c1' })]);
    expect(await client.next()).toMatchObject({ type: 'patch', seq: 4, upsert: [], remove: ['c1'] });
  });

  it('sends only the changed KPIs of the summary, and the longest wait when the waiting set changes', async () => {
    const h = await start();
    const client = await Client.open(h.url, 'admin');
    const snapshot = await client.subscribe('k', 'summary');
    expect(snapshot.data.kpis).toMatchObject({ incoming: 0, inQueue: 0, longestWaitSeconds: 0, longestWaitSince: null });

    await h.pipeline.submit([created('c1')]);
    const patch = await client.next();
    expect(patch).toMatchObject({ type: 'patch', id: 'k', seq: 2 });
    expect(patch.kpis).toMatchObject({ incoming: 1, ongoing: 1, open: 1, inQueue: 1, longestWaitSeconds: 0 });
    expect(patch.kpis.longestWaitSince).toEqual(expect.any(String));
    expect(patch.kpis).not.toHaveProperty('closed');
    expect(patch.kpis).not.toHaveProperty('agents');

    // A message changes nothing in the summary: no patch.
    await h.pipeline.submit([evt('conversation.message', { conversationId: 'c1', from: 'agent', text: 'Hello' })]);
    expect(await client.drain(100)).toEqual([]);
  });

  it('patches the agents report with changed rows', async () => {
    const h = await start();
    const client = await Client.open(h.url, 'admin');
    const snapshot = await client.subscribe('a', 'agents');
    expect(snapshot.data.agents).toEqual([expect.objectContaining({ id: 'a1', presence: 'available', presenceSince: expect.any(String) })]);
    await h.pipeline.submit([evt('agent.presence', { agentId: 'a1', presence: 'away' })]);
    const patch = await client.next();
    expect(patch).toMatchObject({ seq: 2, remove: [], upsert: [{ id: 'a1', presence: 'away', presenceSeconds: 0 }] });
  });

  it('patches the queues report with the rows that changed; an alert starting or ending is a patch', async () => {
    const h = await start();
    await h.pipeline.submit([evt('queue.upserted', { queueId: 'q1', name: 'Sales', thresholds: { inQueue: { warn: 1, alert: 5 } } })]);
    const client = await Client.open(h.url, 'admin');
    const snapshot = await client.subscribe('q', 'queues');
    expect(snapshot.data.queues.map((row: Message) => row.id)).toEqual(['q1', 'q2']);
    expect(snapshot.data.queues[0]).toMatchObject({ inQueue: 0, alerts: [], longestWaitSince: null, staffing: { arrivalsPerHour: 0 } });

    await h.pipeline.submit([created('c1')]);
    const started = await client.next();
    expect(started).toMatchObject({ type: 'patch', id: 'q', seq: 2, remove: [] });
    expect(started.upsert).toHaveLength(1); // q2 did not change
    expect(started.upsert[0]).toMatchObject({ id: 'q1', inQueue: 1, alerts: [{ figure: 'inQueue', level: 'warn', value: 1, threshold: 1 }] });
    expect(started.upsert[0].longestWaitSince).toEqual(expect.any(String));

    // A message changes no figure of the row: no patch.
    await h.pipeline.submit([evt('conversation.message', { conversationId: 'c1', from: 'customer', text: 'Hello?' })]);
    expect(await client.drain(100)).toEqual([]);

    await h.pipeline.submit([evt('conversation.assigned', { conversationId: 'c1', agentId: 'a1', by: 'agent' })]);
    const ended = await client.next();
    expect(ended.upsert).toEqual([expect.objectContaining({ id: 'q1', inQueue: 0, alerts: [], longestWaitSince: null })]);
  });

  it('coalesces events applied within the window into one patch', async () => {
    const h = await start();
    const client = await Client.open(h.url, 'admin');
    await client.subscribe('s1', 'ongoing');
    await Promise.all(Array.from({ length: 20 }, (_, i) => h.pipeline.submit([created(`c${i}`)])));
    const messages = await client.drain(200);
    expect(messages).toHaveLength(1);
    expect(messages[0].upsert).toHaveLength(20);
  });

  it('pushes nothing when only time passes: the browser ticks the clocks', async () => {
    const h = await start({ refreshMs: 50 });
    const client = await Client.open(h.url, 'admin');
    await client.subscribe('s1', 'ongoing');
    await client.subscribe('k', 'summary');
    await client.subscribe('a', 'agents');
    await h.pipeline.submit([created('c1')]);
    expect((await client.drain(100)).map((m) => m.id).sort()).toEqual(['k', 's1']);
    // waitSeconds, longestWaitSeconds and presenceSeconds grow past 1 s; views are recomputed every 50 ms.
    expect(await client.drain(1_300)).toEqual([]);
    const again = await client.subscribe('s2', 'ongoing');
    expect(again.data.conversations[0].waitSeconds).toBeGreaterThanOrEqual(1);
  });

  it('shares one computation between subscriptions to the same view', async () => {
    const h = await start();
    const clients = await Promise.all(Array.from({ length: 5 }, () => Client.open(h.url, 'admin')));
    for (const client of clients) await client.subscribe('s1', 'ongoing');
    expect(h.hub.stats()).toMatchObject({ views: 1, subscriptions: 5, clients: 5 });
    await h.pipeline.submit([created('c1')]);
    for (const client of clients) expect(await client.next()).toMatchObject({ type: 'patch', seq: 2 });
  });

  it('resume after a reconnect sends the missed patches', async () => {
    const h = await start();
    const first = await Client.open(h.url, 'admin');
    await first.subscribe('s1', 'ongoing');
    await h.pipeline.submit([created('c1')]);
    expect(await first.next()).toMatchObject({ seq: 2 });
    await h.pipeline.submit([created('c2')]);
    expect(await first.next()).toMatchObject({ seq: 3 });
    first.ws.close();
    await until(() => h.hub.stats().detachedSubscriptions === 1);
    await h.pipeline.submit([created('c3')]);
    await sleep(50);

    const second = await Client.open(h.url, 'admin');
    second.send({ type: 'resume', id: 's1', seq: 2 });
    const three = await second.next();
    const four = await second.next();
    expect(three).toMatchObject({ type: 'patch', id: 's1', seq: 3, upsert: [{ id: 'c2' }] });
    expect(four).toMatchObject({ type: 'patch', id: 's1', seq: 4, upsert: [{ id: 'c3' }] });
    await h.pipeline.submit([created('c4')]);
    expect(await second.next()).toMatchObject({ seq: 5, upsert: [{ id: 'c4' }] });
    // Up to date: nothing to send.
    second.send({ type: 'resume', id: 's1', seq: 5 });
    expect(await second.drain(100)).toEqual([]);
  });

  it('resume too far behind gets a fresh snapshot', async () => {
    const h = await start({ maxBufferedPatches: 2 });
    const first = await Client.open(h.url, 'admin');
    await first.subscribe('s1', 'ongoing');
    first.ws.close();
    await until(() => h.hub.stats().detachedSubscriptions === 1);
    for (let i = 0; i < 4; i += 1) {
      await h.pipeline.submit([created(`c${i}`)]);
      await sleep(30);
    }
    expect(h.hub.stats().bufferedPatches).toBe(2);
    const second = await Client.open(h.url, 'admin');
    second.send({ type: 'resume', id: 's1', seq: 1 });
    const snapshot = await second.next();
    expect(snapshot).toMatchObject({ type: 'snapshot', id: 's1', seq: 5 });
    expect(snapshot.data.conversations.map((row: Message) => row.id)).toEqual(['c0', 'c1', 'c2', 'c3']);
    await h.pipeline.submit([created('c9')]);
    expect(await second.next()).toMatchObject({ type: 'patch', seq: 6 });
  });

  it('unsubscribe stops the patches and frees the view', async () => {
    const h = await start();
    const client = await Client.open(h.url, 'admin');
    await client.subscribe('s1', 'ongoing');
    client.send({ type: 'unsubscribe', id: 's1' });
    await until(() => h.hub.stats().views === 0);
    await h.pipeline.submit([created('c1')]);
    expect(await client.drain(100)).toEqual([]);
    client.send({ type: 'unsubscribe', id: 's1' });
    expect(await client.next()).toMatchObject({ type: 'error', id: 's1', error: { code: 'unknown-subscription', field: 'id' } });
  });

  it('answers a bad message with an error naming the field', async () => {
    const h = await start();
    const client = await Client.open(h.url, 'admin');
    const cases: [unknown, string | undefined, string][] = [
      ['not json', undefined, 'invalid-json'],
      [{ type: 'hello', id: 'x' }, 'type', 'invalid-message'],
      [{ type: 'subscribe', id: 'x', report: 'weather' }, 'report', 'invalid-message'],
      [{ type: 'subscribe', report: 'ongoing' }, 'id', 'invalid-message'],
      [{ type: 'subscribe', id: 'x', report: 'ongoing', filters: { channel: 'fax' } }, 'filters.channel', 'invalid-message'],
      [{ type: 'subscribe', id: 'x', report: 'ongoing', filters: { window: 'week' } }, 'filters.window', 'invalid-message'],
      [{ type: 'subscribe', id: 'x', report: 'ongoing', filters: { colour: 'red' } }, 'filters.colour', 'invalid-message'],
      [{ type: 'subscribe', id: 'x', report: 'ongoing', filters: { queue: 7 } }, 'filters.queue', 'invalid-message'],
      [{ type: 'resume', id: 'x', seq: -1 }, 'seq', 'invalid-message'],
      [{ type: 'resume', id: 'x', seq: 3 }, 'id', 'unknown-subscription'],
    ];
    for (const [message, field, code] of cases) {
      client.send(message);
      const answer = await client.next();
      expect(answer, JSON.stringify(message)).toMatchObject({ type: 'error', error: { code } });
      expect(answer.error.field, JSON.stringify(message)).toBe(field);
      expect(answer.error.message).toEqual(expect.any(String));
    }
    // The id of the faulty message is echoed when there is one.
    client.send({ type: 'subscribe', id: 'x', report: 'weather' });
    expect(await client.next()).toMatchObject({ type: 'error', id: 'x' });
    await client.subscribe('s1', 'ongoing');
    await client.subscribe('s1b', 'ongoing');
    client.send({ type: 'resume', id: 's1', seq: 99 });
    expect(await client.next()).toMatchObject({ type: 'error', id: 's1', error: { field: 'seq' } });
  });

  it('refuses the upgrade without a session (HTTP 401, no socket)', async () => {
    const h = await start();
    const refusal = (user?: string) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(h.url, user ? { headers: { cookie: `session=${user}` } } : {});
        ws.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
        ws.on('open', () => resolve(101));
        ws.on('error', () => {});
      });
    expect(await refusal()).toBe(401);
    expect(await refusal('nobody')).toBe(401);
    expect(h.clientCounts.filter((n) => n > 0)).toEqual([]);
    expect(CLOSE_UNAUTHORIZED).toBe(4401);
  });

  it('forbids reports to agents', async () => {
    const h = await start();
    const client = await Client.open(h.url, 'agent1');
    client.send({ type: 'subscribe', id: 's1', report: 'ongoing' });
    expect(await client.next()).toMatchObject({ type: 'error', id: 's1', error: { code: 'forbidden' } });
    expect(h.hub.stats().views).toBe(0);
  });

  it("limits a supervisor to their queues: another queue's conversation never appears", async () => {
    const h = await start();
    await h.pipeline.submit([created('other', 'q2')]);
    const supervisor = await Client.open(h.url, 'sup1');
    const admin = await Client.open(h.url, 'admin');
    expect((await supervisor.subscribe('s1', 'ongoing')).data.conversations).toEqual([]);
    expect((await admin.subscribe('s1', 'ongoing')).data.conversations).toHaveLength(1);
    expect(h.hub.stats().views).toBe(2);

    await h.pipeline.submit([created('other2', 'q2')]);
    expect(await supervisor.drain(100)).toEqual([]);
    expect(await admin.next()).toMatchObject({ upsert: [{ id: 'other2' }] });
    await h.pipeline.submit([created('mine', 'q1')]);
    expect(await supervisor.next()).toMatchObject({ seq: 2, upsert: [{ id: 'mine' }], remove: [] });
    // Even when asking for the other queue by filter.
    const filtered = await supervisor.subscribe('s2', 'ongoing', { queue: 'q2' });
    expect(filtered.data.conversations).toEqual([]);
  });

  it('stops sending to a client that does not read, and catches it up once it drains', async () => {
    const h = await start({ maxSocketBufferBytes: 64 * 1024, maxBufferedPatches: 4 });
    const slow = await Client.open(h.url, 'admin');
    await slow.subscribe('s1', 'ongoing');
    const socket = (slow.ws as unknown as { _socket: import('node:net').Socket })._socket;
    socket.pause();
    const subject = 'x'.repeat(4_000);
    let batch = 0;
    while (h.hub.stats().stalledClients === 0) {
      if (batch >= 400) throw new Error('the client never stalled');
      await h.pipeline.submit(Array.from({ length: 100 }, (_, i) => created(`c${batch}-${i}`, 'q1', subject)));
      batch += 1;
      await sleep(20);
    }
    // Keep going: the server neither sends nor keeps more than the bounded buffer.
    for (let i = 0; i < 10; i += 1) {
      await h.pipeline.submit([created(`late${i}`)]);
      await sleep(20);
    }
    expect(h.hub.stats()).toMatchObject({ stalledClients: 1, bufferedPatches: 4 });

    socket.resume();
    await until(() => slow.received.some((m) => m.type === 'snapshot'), 10_000);
    const snapshot = slow.received.find((m) => m.type === 'snapshot')!;
    expect(snapshot.data.conversations.length).toBe(batch * 100 + 10);
    expect(h.hub.stats().stalledClients).toBe(0);
    const lastSeq = snapshot.seq;
    slow.received.splice(0);
    await h.pipeline.submit([created('after')]);
    expect(await slow.next()).toMatchObject({ type: 'patch', seq: lastSeq + 1, upsert: [{ id: 'after' }] });
  });
});

describe('live feed viewport (docs/live-feed.md "Viewport")', () => {
  const viewport = (client: Client, fields: Record<string, unknown>) => client.send({ type: 'viewport', id: 'v', ...fields });

  it('answers the total and the rows of the asked range, in the asked sort, searched over subject, agent and customer', async () => {
    const h = await start();
    await h.pipeline.submit([
      ...Array.from({ length: 30 }, (_, i) => created(`c${String(i).padStart(2, '0')}`, 'q1', `Order ${i}`)),
      { ...created('cx', 'q1', 'Refund'), customer: { name: 'Zoë Janssen' } },
    ]);
    const client = await Client.open(h.url, 'admin');
    viewport(client, { sort: { column: 'subject', direction: 'desc' }, range: { from: 2, count: 3 } });
    const first = await client.next();
    expect(first).toMatchObject({ type: 'rows', id: 'v', seq: 1, total: 31, from: 2 });
    // Descending subjects: Refund, Order 9, Order 8, Order 7, …
    expect(first.rows.map((row: Message) => row.subject)).toEqual(['Order 8', 'Order 7', 'Order 6']);
    expect(first.rows[0]).toMatchObject({ status: 'open', waitStartedAt: expect.any(String), customerName: null });

    viewport(client, { search: 'janss', range: { from: 0, count: 50 } });
    const searched = await client.next();
    expect(searched).toMatchObject({ seq: 2, total: 1, from: 0 });
    expect(searched.rows).toEqual([expect.objectContaining({ id: 'cx', customerName: 'Zoë Janssen' })]);
  });

  it('keeps the range current: a change inside it re-sends the rows, the total follows creations and closes', async () => {
    const h = await start();
    await h.pipeline.submit([created('c1'), created('c2')]);
    const client = await Client.open(h.url, 'admin');
    viewport(client, { range: { from: 0, count: 10 } });
    expect(await client.next()).toMatchObject({ type: 'rows', total: 2 });

    await h.pipeline.submit([created('c3')]);
    const grown = await client.next();
    expect(grown).toMatchObject({ type: 'rows', seq: 2, total: 3 });
    expect(grown.rows.map((row: Message) => row.id)).toEqual(['c1', 'c2', 'c3']);

    await h.pipeline.submit([evt('conversation.closed', { conversationId: 'c2' })]);
    const shrunk = await client.next();
    expect(shrunk.rows.map((row: Message) => row.id)).toEqual(['c1', 'c3']);
    expect(shrunk.total).toBe(2);
  });

  it('sends nothing when the change is outside the range, or only clocks moved', async () => {
    const h = await start({ refreshMs: 50 });
    await h.pipeline.submit(Array.from({ length: 5 }, (_, i) => created(`c${i}`)));
    const client = await Client.open(h.url, 'admin');
    viewport(client, { range: { from: 0, count: 2 } });
    expect(await client.next()).toMatchObject({ total: 5 });
    // c4 is the fifth row: a message that changes its sentiment does not touch rows 0–1.
    await h.pipeline.submit([evt('conversation.message', { conversationId: 'c4', from: 'customer', text: 'This is terrible, awful service' })]);
    expect(await client.drain(1_300)).toEqual([]);
  });

  it('scopes a supervisor to their queues', async () => {
    const h = await start();
    await h.pipeline.submit([created('in-q1', 'q1'), created('in-q2', 'q2')]);
    const client = await Client.open(h.url, 'sup1');
    viewport(client, { range: { from: 0, count: 10 }, filters: { queue: 'q2' } });
    expect(await client.next()).toMatchObject({ total: 0, rows: [] });
    viewport(client, { range: { from: 0, count: 10 } });
    const rows = await client.next();
    expect(rows.rows.map((row: Message) => row.id)).toEqual(['in-q1']);
  });

  it('refuses a bad sort column and ranges over the limit; unsubscribe ends the viewport', async () => {
    const h = await start();
    const client = await Client.open(h.url, 'admin');
    viewport(client, { sort: { column: 'password', direction: 'asc' }, range: { from: 0, count: 10 } });
    expect(await client.next()).toMatchObject({ type: 'error', id: 'v', error: { code: 'invalid-message', field: 'sort.column' } });
    viewport(client, { range: { from: 0, count: 501 } });
    expect(await client.next()).toMatchObject({ type: 'error', error: { field: 'range.count' } });
    viewport(client, { range: { from: 0, count: 10 } });
    expect(await client.next()).toMatchObject({ type: 'rows' });
    expect(h.hub.stats()).toMatchObject({ views: 1, viewports: 1 });
    client.send({ type: 'unsubscribe', id: 'v' });
    await until(() => h.hub.stats().views === 0);
    await h.pipeline.submit([created('c1')]);
    expect(await client.drain(200)).toEqual([]);
  });
});
