import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, created, ingest, login, openTestServer, siteEvents, type TestServer, BAD_REPORT_PARAMETERS } from './helpers.ts';

describe('GET /api/v1/reports/:kind (SPEC §8, §9) per role and scope', () => {
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
  const get = (url: string, who?: string) => server.app.inject({ method: 'GET', url, headers: who ? { cookie: cookies[who]! } : {} });

  it('an admin sees every queue', async () => {
    const response = await get('/api/v1/reports/ongoing', 'admin');
    expect(response.statusCode).toBe(200);
    expect(response.json().conversations.map((c: { id: string }) => c.id).sort()).toEqual(['ca1', 'ca2', 'cb1']);
  });

  it('a supervisor sees the conversations of their queues and the agents who belong to them', async () => {
    const ongoing = (await get('/api/v1/reports/ongoing', 'sup-a')).json();
    expect(ongoing.conversations.map((c: { id: string }) => c.id).sort()).toEqual(['ca1', 'ca2']);
    const agents = (await get('/api/v1/reports/agents', 'sup-b')).json();
    expect(agents.agents.map((a: { id: string }) => a.id)).toEqual(['b1']);
    const summary = (await get('/api/v1/reports/summary', 'sup-b')).json();
    expect(summary.kpis.agents.total).toBe(1);
    expect(summary.kpis.incoming).toBe(1);
    const voice = (await get('/api/v1/reports/voice', 'sup-a')).json();
    expect(voice.kpis.incoming).toBe(1);
    // A filter cannot widen the scope.
    const other = (await get('/api/v1/reports/ongoing?queue=q-b', 'sup-a')).json();
    expect(other.conversations).toEqual([]);
  });

  it('takes the filters of the reports API', async () => {
    const response = await get(`/api/v1/reports/ongoing?at=${encodeURIComponent(at(50))}&window=today&tz=Europe/Amsterdam&channel=voice&includeOpen=true`, 'admin');
    expect(response.statusCode).toBe(200);
    expect(response.json().at).toBe(at(50));
    expect(response.json().conversations.map((c: { id: string }) => c.id)).toEqual(['ca2']);
    const byStatus = (await get('/api/v1/reports/ongoing?status=active&agent=a1', 'admin')).json();
    expect(byStatus.conversations.map((c: { id: string }) => c.id)).toEqual(['ca1']);
  });

  it('a bad parameter answers 400 naming it', async () => {
    for (const [query, field] of BAD_REPORT_PARAMETERS) {
      const response = await get(`/api/v1/reports/summary?${query}`, 'admin');
      expect(response.statusCode, query).toBe(400);
      expect(response.json().error, query).toMatchObject({ code: 'invalid', field });
    }
  });

  it('an unknown report is 404; agents get 403; no session gets 401', async () => {
    expect((await get('/api/v1/reports/weather', 'admin')).statusCode).toBe(404);
    expect((await get('/api/v1/reports/ongoing', 'agent-a1')).statusCode).toBe(403);
    expect((await get('/api/v1/reports/ongoing')).statusCode).toBe(401);
  });
});
