import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../../src/store/sqlite-store.ts';
import { at, created, ingest, login, openTestServer, siteEvents, type TestServer } from './helpers.ts';

describe('POST /api/v1/events (SPEC §9 ingest)', () => {
  const servers: TestServer[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) {
      await server.close();
      fs.rmSync(server.dir, { recursive: true, force: true });
    }
  });
  const open = async () => {
    const server = await openTestServer();
    servers.push(server);
    return server;
  };

  it('answers only once the accepted events are durable in the log', async () => {
    const { app, dir } = await open();
    const response = await ingest(app, siteEvents());
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ accepted: 8, duplicates: 0, rejected: [] });
    // A second connection to the same file sees them as soon as the answer is out.
    const reader = await SqliteEventStore.open(dir);
    const stored = await reader.readFrom(0, 100);
    await reader.close();
    expect(stored.map((s) => s.event.id)).toEqual(siteEvents().map((e) => e.id));
  });

  it('takes one event as well as an array', async () => {
    const { app } = await open();
    const response = await ingest(app, siteEvents()[0]);
    expect(response.json()).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
  });

  it('reports rejected events with their index and the field at fault, and duplicates by id', async () => {
    const { app } = await open();
    await ingest(app, siteEvents());
    const response = await ingest(app, [
      created('c1', 'q-a'),
      { id: 'bad-1', type: 'conversation.created', at: '2026-03-02T09:00:00', conversationId: 'c2', channel: 'chat', queueId: 'q-a' },
      { id: 'q-a', type: 'queue.upserted', at: at(2), queueId: 'q-a', name: 'changed' },
      { id: 'bad-2', type: 'conversation.created', at: at(3), conversationId: 'c3', channel: 'pigeon', queueId: 'q-a' },
      { id: 'bad-3', type: 'conversation.accepted', at: at(3), conversationId: 'nope', agentId: 'a1' },
    ]);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.accepted).toBe(1);
    expect(body.duplicates).toBe(1);
    expect(body.rejected.map((r: { index: number }) => r.index)).toEqual([1, 3, 4]);
    expect(body.rejected[0].error).toMatchObject({ code: 'invalid-event', field: 'at' });
    expect(body.rejected[1].error).toMatchObject({ field: 'channel' });
    expect(body.rejected[2].error.code).toBe('not-found');
  });

  it('refuses a request without a valid ingest token (401), before reading the body', async () => {
    const { app } = await open();
    expect((await ingest(app, siteEvents(), 'wrong')).statusCode).toBe(401);
    const none = await app.inject({ method: 'POST', url: '/api/v1/events', payload: siteEvents() });
    expect(none.statusCode).toBe(401);
    expect(none.json().error.code).toBe('unauthorized');
  });

  it('accepts tokens an admin creates', async () => {
    const { app } = await open();
    const cookie = await login(app, 'admin');
    const made = await app.inject({ method: 'POST', url: '/api/v1/tokens', headers: { cookie }, payload: { name: 'crm' } });
    expect(made.statusCode).toBe(201);
    const { token } = made.json();
    expect((await ingest(app, siteEvents(), token)).json().accepted).toBe(8);
    const list = await app.inject({ method: 'GET', url: '/api/v1/tokens', headers: { cookie } });
    expect(list.json().tokens).toEqual([expect.objectContaining({ name: 'crm', createdBy: 'admin' })]);
    expect(JSON.stringify(list.json())).not.toContain(token);
  });

  it('answers 413 beyond 10,000 events or 5 MB, and 400 for a body that is no event', async () => {
    const { app } = await open();
    const many = Array.from({ length: 10_001 }, (_, i) => ({ id: `x${i}`, type: 'agent.presence', at: at(1), agentId: 'a1', presence: 'away' }));
    const tooMany = await ingest(app, many);
    expect(tooMany.statusCode).toBe(413);
    expect(tooMany.json().error.code).toBe('too-large');
    const big = [{ id: 'big', type: 'queue.upserted', at: at(1), queueId: 'q', name: 'x'.repeat(5 * 1024 * 1024 + 10) }];
    const tooBig = await ingest(app, big);
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().error).toMatchObject({ code: 'too-large' });
    const notJson = await app.inject({ method: 'POST', url: '/api/v1/events', headers: { authorization: 'Bearer test-ingest-token', 'content-type': 'application/json' }, payload: '{nope' });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().error.code).toBe('invalid');
    const scalar = await app.inject({ method: 'POST', url: '/api/v1/events', headers: { authorization: 'Bearer test-ingest-token', 'content-type': 'application/json' }, payload: '42' });
    expect(scalar.statusCode).toBe(400);
  });

  it('takes exactly 10,000 events in one request', async () => {
    const { app } = await open();
    await ingest(app, siteEvents());
    const batch = Array.from({ length: 10_000 }, (_, i) => ({ id: `p${i}`, type: 'agent.presence', at: at(1), agentId: 'a1', presence: i % 2 ? 'away' : 'available' }));
    const response = await ingest(app, batch);
    expect(response.statusCode).toBe(200);
    expect(response.json().accepted).toBe(10_000);
  });

  it('with ?atomic=true applies all the events or none, naming the ones at fault', async () => {
    const { app, pipeline } = await open();
    await ingest(app, siteEvents());
    const assigned = { id: 'as1', type: 'conversation.assigned', at: at(3), conversationId: 'c1', agentId: 'a1', by: 'routing' };
    const url = '/api/v1/events?atomic=true';
    const headers = { authorization: 'Bearer test-ingest-token' };
    const refused = await app.inject({ method: 'POST', url, headers, payload: [created('c1', 'q-a', 2), assigned, { id: 'p1', type: 'agent.presence', at: at(3), agentId: 'nobody', presence: 'away' }] });
    expect(refused.json()).toEqual({ accepted: 0, duplicates: 0, rejected: [{ index: 2, error: expect.objectContaining({ field: 'agentId' }) }] });
    expect(pipeline.engine.state.conversations.has('c1')).toBe(false);
    // The events checked each other in order: the assignment of c1 needs its creation first.
    const whole = await app.inject({ method: 'POST', url, headers, payload: [created('c1', 'q-a', 2), assigned, siteEvents()[0]] });
    expect(whole.json()).toEqual({ accepted: 2, duplicates: 1, rejected: [] });
    expect(pipeline.engine.state.conversations.get('c1')!.status).toBe('active');
    const bad = await app.inject({ method: 'POST', url: '/api/v1/events?atomic=yes', headers, payload: [] });
    expect(bad.json().error).toMatchObject({ field: 'atomic' });
  });

  it('refuses an event nested 5,000 deep or an unknown prototype type per event, and every later write still works', async () => {
    const { app } = await open();
    await ingest(app, siteEvents());
    // Written by hand: JSON.stringify itself overflows the stack at this depth.
    const deep = `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`;
    const others = [{ id: 'h2', type: 'toString', at: at(2) }, { id: 'h3', type: '__proto__', at: at(2) }, created('c2', 'q-a', 2)];
    const body = `[${JSON.stringify(created('c1', 'q-a', 2)).slice(0, -1)},"extra":${deep}},${JSON.stringify(others).slice(1)}`;
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: { authorization: 'Bearer test-ingest-token', 'content-type': 'application/json' },
      payload: body,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ accepted: 1, rejected: [{ index: 0 }, { index: 1, error: { field: 'type' } }, { index: 2, error: { field: 'type' } }] });
    expect(response.json().rejected[0].error.message).toContain('nested deeper than 32 levels');
    expect((await ingest(app, [created('c3', 'q-a', 3)])).json()).toMatchObject({ accepted: 1 });
    expect((await app.inject('/readyz')).statusCode).toBe(200);
    const proto = await app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: { authorization: 'Bearer test-ingest-token', 'content-type': 'application/json' },
      payload: '{"id":"p","type":"queue.upserted","at":"2026-03-02T09:00:00Z","queueId":"q","name":"n","__proto__":{"x":1}}',
    });
    expect(proto.statusCode).toBe(400);
    expect(proto.json().error.code).toBe('invalid');
  });
});
