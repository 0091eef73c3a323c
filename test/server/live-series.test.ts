/**
 * The live feed's `series` subscription (docs/live-feed.md "Series", issue #10 item 4): a
 * snapshot of the conversations series, then patches of the quarter hours that changed;
 * the snapshot with every patch applied equals a fresh snapshot (and the REST series).
 */
import fs from 'node:fs';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { EventPipeline } from '../../src/engine/pipeline.ts';
import { livePlugin } from '../../src/server/live/plugin.ts';
import { SqliteEventStore } from '../../src/store/sqlite-store.ts';
import { at, connectLive, created, ingest, type LiveMessage, type LiveTestClient, liveUrl, login, neutralAnalyzer, openTestServer, siteEvents, T0, tempDir, type TestServer } from './helpers.ts';

type Message = LiveMessage;
type Bucket = { from: string; channels: Record<string, unknown> };
type Series = { at: string; window: { from: string; to: string }; bucketSeconds: number; buckets: Bucket[] };

const servers: TestServer[] = [];
const clients: LiveTestClient[] = [];
const cleanupsOfFastify: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  for (const server of servers.splice(0)) await server.close();
  for (const cleanup of cleanupsOfFastify.splice(0)) await cleanup();
});

async function start(): Promise<{ server: TestServer; url: string }> {
  const server = await openTestServer();
  servers.push(server);
  await ingest(server.app, [...siteEvents(), created('ca1', 'q-a', 10), created('cb1', 'q-b', 20, 'voice')]);
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  return { server, url: liveUrl(server.app) };
}

async function connect(url: string, cookie: string): Promise<LiveTestClient> {
  const client = await connectLive(url, cookie);
  clients.push(client);
  return client;
}

/** What the browser does with a patch (web/src/live/series-state.ts does the same; tested there too). */
function applySeriesPatch(series: Series, patch: Message): Series {
  const removed = new Set<string>(patch.remove);
  const byFrom = new Map<string, Bucket>(series.buckets.filter((bucket) => !removed.has(bucket.from)).map((bucket) => [bucket.from, bucket]));
  for (const bucket of patch.upsert as Bucket[]) byFrom.set(bucket.from, bucket);
  const buckets = [...byFrom.values()].sort((a, b) => Date.parse(a.from) - Date.parse(b.from));
  return { ...series, at: patch.at, window: patch.window, buckets };
}

async function restSeries(server: TestServer, cookie: string): Promise<Series> {
  return (await server.app.inject({ method: 'GET', url: '/api/v1/series/conversations', headers: { cookie } })).json();
}

describe('live feed series subscription (issue #10 item 4)', () => {
  it('a snapshot, then patches of the changed quarter hours; patched equals a fresh snapshot', async () => {
    const { server, url } = await start();
    const cookie = await login(server.app, 'sup-a');
    const client = await connect(url, cookie);
    client.send({ type: 'series', id: 'chart', filters: {} });
    const snapshot = await client.next();
    expect(snapshot).toMatchObject({ type: 'snapshot', id: 'chart', seq: 1 });
    let series: Series = snapshot.data;
    expect(series).toEqual(await restSeries(server, cookie));
    expect(series.buckets).toHaveLength(97);

    // Answered, abandoned and new conversations, one in the next quarter hour.
    server.now.value = T0 + 20 * 60_000;
    await ingest(server.app, [
      { id: 'as-ca1', type: 'conversation.assigned', at: at(30), conversationId: 'ca1', agentId: 'a1', by: 'routing' },
      { id: 'ac-ca1', type: 'conversation.accepted', at: at(35), conversationId: 'ca1', agentId: 'a1' },
      created('ca2', 'q-a', 60, 'email'),
      { id: 'cl-ca2', type: 'conversation.closed', at: at(90), conversationId: 'ca2', reason: 'customer-left' },
      created('ca3', 'q-a', 16 * 60, 'chat'),
    ]);
    const patches = (await client.drain(300)).filter((message) => message.id === 'chart');
    expect(patches.length).toBeGreaterThan(0);
    patches.forEach((patch, i) => expect(patch).toMatchObject({ type: 'patch', seq: 2 + i }));
    // Only what changed travels: the quarters of the touched conversations and the window's ends.
    for (const patch of patches) expect(patch.upsert.length).toBeLessThanOrEqual(4);
    for (const patch of patches) series = applySeriesPatch(series, patch);
    const fresh = await restSeries(server, cookie);
    expect(series).toEqual(fresh);
    const quarter = series.buckets.find((bucket) => bucket.from === new Date(T0).toISOString())!;
    expect(quarter.channels).toEqual({ chat: { created: 1, answered: 1, abandoned: 0 }, email: { created: 1, answered: 0, abandoned: 1 } });

    const other = await connect(url, cookie);
    other.send({ type: 'series', id: 'again', filters: {} });
    expect((await other.next()).data).toEqual(series);
  });

  it('ids are one namespace per connection: an id of one kind is refused to every other kind, naming the holder', async () => {
    const { server, url } = await start();
    const client = await connect(url, await login(server.app, 'admin'));
    const opens: Record<string, (id: string) => object> = {
      series: (id) => ({ type: 'series', id, filters: {} }),
      report: (id) => ({ type: 'subscribe', id, report: 'summary', filters: {} }),
      viewport: (id) => ({ type: 'viewport', id, range: { from: 0, count: 10 } }),
      conversation: (id) => ({ type: 'conversation', id, conversationId: 'ca1' }),
    };
    for (const [holder, open] of Object.entries(opens)) {
      client.send(open(holder));
      expect(await client.next()).toMatchObject({ id: holder, type: holder === 'viewport' ? 'rows' : holder === 'conversation' ? 'conversation' : 'snapshot' });
      for (const [other, openOther] of Object.entries(opens)) {
        if (other === holder) continue;
        client.send(openOther(holder));
        expect(await client.next(), `${other} under the id of a ${holder}`).toMatchObject({
          type: 'error',
          id: holder,
          error: { code: 'invalid-message', field: 'id', message: `id: '${holder}' names a ${holder} subscription` },
        });
      }
    }
    expect(await client.drain(200)).toEqual([]);
  });

  it('follows the sliding window: quarter hours that leave are removed, new ones come in', async () => {
    const { server, url } = await start();
    const cookie = await login(server.app, 'admin');
    const client = await connect(url, cookie);
    client.send({ type: 'series', id: 'chart', filters: { window: 'last24h' } });
    let series: Series = (await client.next()).data;
    server.now.value += 45 * 60_000;
    await ingest(server.app, [created('ca9', 'q-a', 40 * 60, 'sms')]);
    const patches = (await client.drain(300)).filter((message) => message.type === 'patch');
    expect(patches.some((patch) => patch.remove.length > 0)).toBe(true);
    for (const patch of patches) series = applySeriesPatch(series, patch);
    expect(series).toEqual(await restSeries(server, cookie));
  });

  it('slides with the clock alone: without events, the next periodic recompute adds the new quarter hour', async () => {
    const dir = tempDir();
    const store = await SqliteEventStore.open(dir);
    const pipeline = await EventPipeline.open({ store, analyzer: neutralAnalyzer });
    const app = Fastify();
    const now = { value: T0 + 14 * 60_000 };
    await app.register(livePlugin, {
      pipeline,
      authenticate: async () => ({ id: 'u-admin', role: 'admin', queueIds: [] }),
      limits: { refreshMs: 50 },
      now: () => now.value,
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    cleanupsOfFastify.push(async () => {
      await app.close();
      await pipeline.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    const client = await connect(liveUrl(app), '');
    client.send({ type: 'series', id: 'chart', filters: {} });
    const series = (await client.next()).data as Series;
    expect(series.buckets.at(-1)!.from).toBe(new Date(T0).toISOString());
    now.value = T0 + 16 * 60_000;
    const patch = await client.next();
    expect(patch).toMatchObject({ type: 'patch', seq: 2, remove: [new Date(T0 - 86_400_000).toISOString()] });
    expect(patch.upsert).toEqual([{ from: new Date(T0 + 15 * 60_000).toISOString(), channels: {} }]);
  });

  it('keeps to the supervisor’s queues: a change in another queue sends nothing', async () => {
    const { server, url } = await start();
    const client = await connect(url, await login(server.app, 'sup-a'));
    client.send({ type: 'series', id: 'chart', filters: {} });
    const snapshot = (await client.next()).data as Series;
    expect(snapshot.buckets.flatMap((bucket) => Object.keys(bucket.channels))).toEqual(['chat']);
    await ingest(server.app, [created('cb2', 'q-b', 30, 'voice')]);
    expect(await client.drain(300)).toEqual([]);
  });

  it('refuses a bad filter naming it, agents, and unsubscribes', async () => {
    const { server, url } = await start();
    const client = await connect(url, await login(server.app, 'admin'));
    client.send({ type: 'series', id: 'bad', filters: { channel: 'fax' } });
    expect(await client.next()).toMatchObject({ type: 'error', id: 'bad', error: { code: 'invalid-message', field: 'filters.channel' } });
    client.send({ type: 'series', id: 'bad', filters: { colour: 'red' } });
    expect(await client.next()).toMatchObject({ type: 'error', id: 'bad', error: { field: 'filters.colour' } });
    client.send({ type: 'series', id: 'chart' });
    expect((await client.next()).type).toBe('snapshot');
    client.send({ type: 'unsubscribe', id: 'chart' });
    await ingest(server.app, [created('ca5', 'q-a', 40)]);
    expect(await client.drain(300)).toEqual([]);

    const agent = await connect(url, await login(server.app, 'agent-a1'));
    agent.send({ type: 'series', id: 'chart' });
    expect(await agent.next()).toMatchObject({ type: 'error', id: 'chart', error: { code: 'forbidden' } });
  });
});
