/**
 * A broken store is visible and recovers (docs/store.md): while the event store cannot
 * write, `/readyz`, ingest and supervisor actions answer 503 with Retry-After; reads show
 * exactly the log; once the store writes again the server serves as before. Reads made
 * while a commit is in flight wait for it.
 */
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.ts';
import { ControlledStore } from '../pipeline/controlled-store.ts';
import { T0, at, connectLive, created, ingest, type LiveTestClient, liveUrl, login, neutralAnalyzer, openTestServer, siteEvents, type TestServer } from './helpers.ts';

let server: TestServer;
let store: ControlledStore;
let clock: number;

async function open() {
  clock = T0 + 60_000;
  server = await openTestServer({
    wrapStore: (sqlite) => (store = new ControlledStore(sqlite)),
    pipeline: { now: () => clock, retryAfterSeconds: 7 },
  });
  return server.app;
}

const clients: LiveTestClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  store.release();
  store.failure = null;
  await server.close();
  fs.rmSync(server.dir, { recursive: true, force: true });
});

const reportUrl = '/api/v1/reports/ongoing?window=last24h';

async function logReport(app: TestServer['app']) {
  const engine = new Engine({ analyzer: neutralAnalyzer });
  for (const { event } of await store.readFrom(0, 100_000)) engine.apply(event);
  const response = await app.inject({ url: reportUrl, headers: { cookie: await login(app, 'admin') } });
  return { fromServer: response.json(), conversations: engine.state.conversations.size };
}

describe('a store that cannot write', () => {
  it('answers 503 with Retry-After on ingest, actions and /readyz; reads show the log; writes come back', async () => {
    const app = await open();
    const cookie = await login(app, 'admin');
    expect((await ingest(app, [...siteEvents(), created('c1', 'q-a')])).statusCode).toBe(200);

    store.failure = new Error('SQLITE_FULL: database or disk is full');
    const refused = await ingest(app, [created('c2', 'q-a', 2)]);
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['retry-after']).toBe('7');
    expect(refused.json()).toEqual({ error: { code: 'unavailable', message: expect.any(String) } });
    const ready = await app.inject('/readyz');
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toEqual({ status: 'store-unavailable' });
    const action = await app.inject({ method: 'POST', url: '/api/v1/conversations/c1/force-close', headers: { cookie }, payload: { confirm: true } });
    expect(action.statusCode).toBe(503);
    expect(action.headers['retry-after']).toBe('7');

    const report = await app.inject({ url: reportUrl, headers: { cookie } });
    expect(report.statusCode).toBe(200);
    expect(report.json().conversations.map((row: { id: string }) => row.id)).toEqual(['c1']);

    store.failure = null;
    clock += 7_000;
    expect((await app.inject('/readyz')).statusCode).toBe(200);
    expect((await ingest(app, [created('c2', 'q-a', 2)])).json()).toMatchObject({ accepted: 1 });
  });

  it('tells live clients the feed is stale from the first failed write until a write succeeds', async () => {
    const app = await open();
    expect((await ingest(app, [...siteEvents(), created('c1', 'q-a')])).statusCode).toBe(200);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const cookie = await login(app, 'sup-a');
    const connect = async () => {
      const client = await connectLive(liveUrl(app), cookie);
      clients.push(client);
      return client;
    };
    const watching = await connect();
    expect(await watching.drain(100)).toEqual([]);

    store.failure = new Error('connection terminated unexpectedly');
    const failedAt = clock;
    expect((await ingest(app, [created('c2', 'q-a', 2)])).statusCode).toBe(503);
    const stale = { type: 'store', state: 'unavailable', since: new Date(failedAt).toISOString() };
    expect(await watching.next()).toEqual(stale);
    // Another failure later in the same outage keeps the first moment; a client connecting meanwhile hears it at once.
    clock += 7_000;
    expect((await ingest(app, [created('c2', 'q-a', 2)])).statusCode).toBe(503);
    const late = await connect();
    expect(await late.next()).toEqual(stale);
    expect(await watching.drain(100)).toEqual([]);

    store.failure = null;
    clock += 7_000;
    expect((await ingest(app, [created('c2', 'q-a', 2)])).statusCode).toBe(200);
    const live = { type: 'store', state: 'available', at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) };
    expect(await watching.next()).toEqual(live);
    expect(await late.next()).toEqual(live);
    expect(await (await connect()).drain(100)).toEqual([]);
  });

  it('under load, with the store failing now and then: every answer is 200 or 503, every acknowledged event is in the log, memory equals the log', async () => {
    const app = await open();
    await ingest(app, siteEvents());
    const acknowledged: string[] = [];
    const statuses = new Set<number>();
    for (let round = 0; round < 6; round += 1) {
      store.failure = round % 2 === 1 ? new Error('EIO: i/o error') : null;
      if (round % 2 === 0) clock += 7_000;
      const batches = Array.from({ length: 12 }, (_, i) => {
        const n = round * 100 + i;
        return [created(`k${n}`, i % 2 ? 'q-a' : 'q-b', 5), { id: `m${n}`, type: 'conversation.message', at: at(6), conversationId: `k${n}`, from: 'customer', text: `hello ${n}` }];
      });
      const answers = await Promise.all(batches.map((batch) => ingest(app, batch)));
      answers.forEach((answer, i) => {
        statuses.add(answer.statusCode);
        if (answer.statusCode === 200) {
          expect(answer.json()).toMatchObject({ accepted: 2, rejected: [] });
          acknowledged.push(...batches[i]!.map((event) => event.id as string));
        }
      });
    }
    expect([...statuses].sort()).toEqual([200, 503]);
    store.failure = null;
    const logged = new Set((await store.readFrom(0, 100_000)).map((stored) => stored.event.id));
    for (const id of acknowledged) expect(logged.has(id)).toBe(true);
    const { fromServer, conversations } = await logReport(app);
    expect(fromServer.conversations).toHaveLength(conversations);
    expect(server.pipeline.engine.state.conversations.size).toBe(conversations);
  });
});

describe('reads while a commit is in flight', () => {
  it('a report and a conversation view asked during a held commit wait for it, then show it', async () => {
    const app = await open();
    const cookie = await login(app, 'admin');
    await ingest(app, siteEvents());
    store.hold();
    const ingested = ingest(app, [created('c9', 'q-a', 3)]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    let answered = 0;
    const report = app.inject({ url: reportUrl, headers: { cookie } }).then((response) => {
      answered += 1;
      return response;
    });
    const view = app.inject({ url: '/api/v1/conversations/c9', headers: { cookie } }).then((response) => {
      answered += 1;
      return response;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(answered).toBe(0);
    store.release();
    expect((await ingested).json()).toMatchObject({ accepted: 1 });
    expect((await report).json().conversations.map((row: { id: string }) => row.id)).toEqual(['c9']);
    expect((await view).statusCode).toBe(200);
  });
});
