/**
 * The queues report over HTTP (SPEC §8, §9) and the thresholds endpoint
 * `PUT /api/v1/queues/{id}` (SPEC §6 "Thresholds and alerts"): admin only, a queue.upserted
 * through the pipeline, audited, errors naming the field.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../../src/store/sqlite-store.ts';
import { at, created, ingest, login, openTestServer, siteEvents, type TestServer } from './helpers.ts';

describe('queues report and thresholds endpoint (SPEC §6, §8, §9)', () => {
  let server: TestServer;
  const cookies: Record<string, string> = {};
  beforeAll(async () => {
    server = await openTestServer();
    const answer = await ingest(server.app, [
      ...siteEvents(),
      created('ca1', 'q-a', 10),
      created('ca2', 'q-a', 20, 'voice'),
      created('cb1', 'q-b', 30),
      { id: 'as-ca1', type: 'conversation.assigned', at: at(40), conversationId: 'ca1', agentId: 'a1', by: 'routing' },
      { id: 'ac-ca1', type: 'conversation.accepted', at: at(45), conversationId: 'ca1', agentId: 'a1' },
    ]);
    expect(answer.json().rejected).toEqual([]);
    for (const name of ['admin', 'sup-a', 'sup-b', 'agent-a1']) cookies[name] = await login(server.app, name);
  });
  afterAll(async () => {
    await server.close();
    fs.rmSync(server.dir, { recursive: true, force: true });
  });
  const get = (url: string, who: string) => server.app.inject({ method: 'GET', url, headers: { cookie: cookies[who]! } });
  const put = (queueId: string, body: unknown, who = 'admin') =>
    server.app.inject({ method: 'PUT', url: `/api/v1/queues/${queueId}`, headers: { cookie: cookies[who]! }, payload: body as object });
  const rowsOf = async (url: string, who = 'admin') => (await get(url, who)).json().queues as Array<Record<string, unknown>>;

  it('gives one row per queue in the caller’s scope, with agents and staffing', async () => {
    const rows = await rowsOf('/api/v1/reports/queues');
    expect(rows.map((row) => row.id)).toEqual(['q-a', 'q-b']);
    expect(rows[0]).toMatchObject({
      incoming: 2,
      ongoing: 2,
      inQueue: 1,
      longestWaitSeconds: 40, // ca2 since 20 s, now = 60 s
      averageSpeedToAnswerSeconds: 35,
      serviceLevel: 0, // 35 s > the default 20 s
      agents: { members: 2, loggedIn: 2, available: 2 },
      alerts: [],
      // Two arrivals in the half hour, no handle time yet: no advice.
      staffing: { arrivalsPerHour: 4, offeredErlangs: null, slotsNeeded: null, agentsNeeded: null, agentsLoggedIn: 2, short: null },
    });
    expect((await rowsOf('/api/v1/reports/queues', 'sup-b')).map((row) => row.id)).toEqual(['q-b']);
    expect(await rowsOf('/api/v1/reports/queues?queue=q-b', 'sup-a')).toEqual([]);
    expect(await rowsOf('/api/v1/reports/queues?queue=nowhere')).toEqual([]);
  });

  it('an admin sets thresholds and target: alerts appear in the rows and the summary counts the queue', async () => {
    const response = await put('q-a', {
      name: 'Queue A',
      priority: 20,
      serviceLevelSeconds: 40,
      serviceLevelTarget: 0.9,
      thresholds: { inQueue: { warn: 1, alert: 3 }, longestWaitSeconds: { warn: 20, alert: 40 } },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().queue).toMatchObject({ serviceLevelTarget: 0.9, thresholds: { inQueue: { warn: 1, alert: 3 } } });
    const rows = await rowsOf('/api/v1/reports/queues');
    expect(rows.map((row) => row.id)).toEqual(['q-b', 'q-a']); // priority 20 now sorts after 10
    expect(rows[1]).toMatchObject({
      serviceLevelSeconds: 40,
      serviceLevel: 1, // 35 s ≤ 40 s: the new threshold counts the past answer again
      alerts: [
        { figure: 'longestWaitSeconds', level: 'alert', value: 40, threshold: 40 },
        { figure: 'inQueue', level: 'warn', value: 1, threshold: 1 },
      ],
    });
    const summary = (await get('/api/v1/reports/summary', 'admin')).json();
    expect(summary.kpis).toMatchObject({ queuesInWarn: 0, queuesInAlert: 1 });
    expect((await get('/api/v1/reports/summary', 'sup-b')).json().kpis).toMatchObject({ queuesInWarn: 0, queuesInAlert: 0 });
  });

  it('the change is a durable queue.upserted event, and is audited', async () => {
    const log = await SqliteEventStore.open(server.dir);
    try {
      const written = (await log.readFrom(0, 1_000)).map((stored) => stored.event);
      expect(written.filter((event) => event.type === 'queue.upserted' && event.queueId === 'q-a').at(-1)).toMatchObject({
        serviceLevelTarget: 0.9,
        thresholds: { inQueue: { warn: 1, alert: 3 } },
      });
    } finally {
      await log.close();
    }
    const audit = (await get('/api/v1/audit', 'admin')).json().entries as Array<{ action: string; outcome: string; statusCode: number }>;
    expect(audit.filter((entry) => entry.action === 'queue-update').map((entry) => entry.outcome)).toContain('ok');
  });

  it('GET /queues lists the caller’s queues with configuration and member agents; a listed configuration PUTs back unchanged', async () => {
    const listed = (await get('/api/v1/queues', 'admin')).json().queues as Array<Record<string, unknown>>;
    expect(listed.map((queue) => queue.id)).toEqual(['q-b', 'q-a']); // by priority: q-a has 20 since the test above
    expect(listed[1]).toMatchObject({
      name: 'Queue A',
      serviceLevelSeconds: 40,
      serviceLevelTarget: 0.9,
      thresholds: { inQueue: { warn: 1, alert: 3 } },
      agents: [{ id: 'a1', name: 'Anna' }, { id: 'a2', name: 'Arie' }],
    });
    const scoped = (await get('/api/v1/queues', 'sup-b')).json().queues as Array<{ id: string; agents: unknown[] }>;
    expect(scoped).toEqual([expect.objectContaining({ id: 'q-b', agents: [{ id: 'b1', name: 'Bram' }] })]);
    expect((await get('/api/v1/queues', 'agent-a1')).statusCode).toBe(403);

    // What the console's editor does: the listed configuration, minus what the server sets, one value changed.
    const { id: _id, agents: _agents, sentimentAlert, ...config } = listed[1]!;
    const response = await put('q-a', { ...config, ...(sentimentAlert ? { sentimentAlert } : {}), serviceLevelTarget: 0.85 });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().queue).toEqual({ ...listed[1], agents: undefined, serviceLevelTarget: 0.85 });
  });

  it('refuses bad input naming the field (400), other roles (403), unknown queues (404)', async () => {
    for (const [body, field] of [
      [{ name: 'Queue A', thresholds: { inQueue: { warn: 'many' } } }, 'thresholds.inQueue.warn'],
      [{ name: 'Queue A', serviceLevelTarget: 2 }, 'serviceLevelTarget'],
      [{ name: 'Queue A', serviceLevelSeconds: 0 }, 'serviceLevelSeconds'],
      [{ name: 'Queue A', channelUnits: { voice: -5 } }, 'channelUnits.voice'],
      [{ thresholds: {} }, 'name'],
      [{ name: 'Queue A', queueId: 'q-b' }, 'queueId'],
    ] as const) {
      const response = await put('q-a', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().error, JSON.stringify(body)).toMatchObject({ code: 'invalid', field });
    }
    expect((await put('q-a', { name: 'Queue A' }, 'sup-a')).statusCode).toBe(403);
    const missing = await put('q-zz', { name: 'Nowhere' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('not-found');
    const audit = (await get('/api/v1/audit', 'admin')).json().entries as Array<{ action: string; outcome: string }>;
    expect(audit.filter((entry) => entry.action === 'queue-update').map((entry) => entry.outcome)).toEqual(expect.arrayContaining(['invalid', 'not-found']));
  });
});
