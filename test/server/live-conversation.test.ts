/**
 * The live feed's conversation watch (docs/live-feed.md "Conversation"): the monitor panel
 * gets the conversation as GET /conversations/{id} gives it, then again whenever an event
 * touches it, within the caller's sight only.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { at, connectLive, created, ingest, type LiveTestClient, liveUrl, login, openTestServer, siteEvents, type TestServer } from './helpers.ts';

const servers: TestServer[] = [];
const clients: LiveTestClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  for (const server of servers.splice(0)) await server.close();
});

async function start(): Promise<{ server: TestServer; url: string }> {
  const server = await openTestServer();
  servers.push(server);
  await ingest(server.app, [...siteEvents(), created('ca1', 'q-a'), created('cb1', 'q-b')]);
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  return { server, url: liveUrl(server.app) };
}

async function connect(url: string, cookie: string): Promise<LiveTestClient> {
  const client = await connectLive(url, cookie);
  clients.push(client);
  return client;
}

describe('live feed conversation watch', () => {
  it('sends the conversation view, then again with each new message', async () => {
    const { server, url } = await start();
    const client = await connect(url, await login(server.app, 'sup-a'));
    client.send({ type: 'conversation', id: 'm1', conversationId: 'ca1' });
    const first = await client.next();
    expect(first).toMatchObject({ type: 'conversation', id: 'm1', seq: 1, data: { id: 'ca1', status: 'open', transcript: [] } });

    await ingest(server.app, [{ id: 'msg-1', type: 'conversation.message', at: at(5), conversationId: 'ca1', from: 'customer', text: 'Where is my parcel?' }]);
    const second = await client.next();
    expect(second).toMatchObject({ type: 'conversation', id: 'm1', seq: 2 });
    expect(second.data.transcript).toEqual([expect.objectContaining({ text: 'Where is my parcel?', from: 'customer' })]);

    // Another conversation's events send nothing; after unsubscribe neither do its own.
    await ingest(server.app, [{ id: 'msg-2', type: 'conversation.message', at: at(6), conversationId: 'cb1', from: 'customer', text: 'Hello' }]);
    expect(await client.drain(150)).toEqual([]);
    client.send({ type: 'unsubscribe', id: 'm1' });
    await ingest(server.app, [{ id: 'msg-3', type: 'conversation.message', at: at(7), conversationId: 'ca1', from: 'customer', text: 'Hello?' }]);
    expect(await client.drain(150)).toEqual([]);
  });

  it('refuses a conversation outside the supervisor queues, and one that does not exist', async () => {
    const { server, url } = await start();
    const client = await connect(url, await login(server.app, 'sup-a'));
    client.send({ type: 'conversation', id: 'm1', conversationId: 'cb1' });
    expect(await client.next()).toMatchObject({ type: 'error', id: 'm1', error: { code: 'forbidden', field: 'conversationId' } });
    client.send({ type: 'conversation', id: 'm2', conversationId: 'nope' });
    expect(await client.next()).toMatchObject({ type: 'error', id: 'm2', error: { code: 'not-found' } });
  });
});
