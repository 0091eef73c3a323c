import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { at, created, ingest, login, openTestServer, siteEvents, type TestServer } from './helpers.ts';

describe('supervisor actions over HTTP (SPEC §5, §9)', () => {
  let server: TestServer;
  afterEach(async () => {
    await server.close();
    fs.rmSync(server.dir, { recursive: true, force: true });
  });

  async function setUp() {
    server = await openTestServer();
    const answer = await ingest(server.app, [
      ...siteEvents(),
      created('ca1', 'q-a', 10),
      created('ca2', 'q-a', 20),
      created('cb1', 'q-b', 30),
      { id: 'as-ca2', type: 'conversation.assigned', at: at(40), conversationId: 'ca2', agentId: 'a2', by: 'routing' },
      { id: 'ac-ca2', type: 'conversation.accepted', at: at(41), conversationId: 'ca2', agentId: 'a2' },
      { id: 'm-ca2', type: 'conversation.message', at: at(42), conversationId: 'ca2', from: 'customer', text: 'Hello, my parcel is late' },
    ]);
    expect(answer.json().rejected).toEqual([]);
    return server.app;
  }
  const post = (url: string, cookie: string, payload: object) => server.app.inject({ method: 'POST', url, headers: { cookie }, payload });

  it('assign puts an open conversation with an agent (awaiting acceptance) and is audited', async () => {
    const app = await setUp();
    const cookie = await login(app, 'sup-a');
    const response = await post('/api/v1/conversations/ca1/assign', cookie, { agentId: 'a1' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ ok: true, status: 'active', statusText: 'active (awaiting acceptance)' });
    expect(response.json().events[0]).toMatchObject({ type: 'conversation.assigned', conversationId: 'ca1', agentId: 'a1', by: 'supervisor' });

    const again = await post('/api/v1/conversations/ca1/assign', cookie, { agentId: 'a2' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'conflict', status: 'active (awaiting acceptance)' });
    expect(again.json().error.message).toContain('active (awaiting acceptance)');

    const admin = await login(app, 'admin');
    const audit = await app.inject({ method: 'GET', url: '/api/v1/audit?conversation=ca1', headers: { cookie: admin } });
    expect(audit.statusCode).toBe(200);
    expect(audit.json().entries).toMatchObject([
      { action: 'assign', conversationId: 'ca1', outcome: 'conflict', statusCode: 409, user: { username: 'sup-a', role: 'supervisor' }, input: { agentId: 'a2' } },
      { action: 'assign', conversationId: 'ca1', outcome: 'ok', statusCode: 200, user: { username: 'sup-a' } },
    ]);
    expect(Date.parse(audit.json().entries[0].at)).toBe(server.now.value);
    expect((await app.inject({ method: 'GET', url: '/api/v1/audit', headers: { cookie } })).statusCode).toBe(403);
  });

  it('of two concurrent conflicting requests exactly one wins; the other gets 409 naming the new status', async () => {
    const app = await setUp();
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const [supA, admin] = [await login(app, 'sup-a'), await login(app, 'admin')];
    for (let round = 0; round < 3; round += 1) {
      const id = `race${round}`;
      await ingest(app, [created(id, 'q-a', 50 + round)]);
      const send = (cookie: string, path: string, body: object) =>
        fetch(`${url}/api/v1/conversations/${id}/${path}`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      // Round 2 races two force closes; the others race three assigns.
      const isCloseRace = round === 2;
      const answers = await Promise.all(
        isCloseRace
          ? [send(supA, 'force-close', { confirm: true }), send(admin, 'force-close', { confirm: true })]
          : [
              send(supA, 'assign', { agentId: 'a1', override: true }),
              send(admin, 'assign', { agentId: 'a2', override: true }),
              send(admin, 'assign', { agentId: 'a1', override: true }),
            ],
      );
      const codes = answers.map((a) => a.status);
      expect(codes.filter((c) => c === 200), `round ${round}: ${codes}`).toHaveLength(1);
      expect(codes.filter((c) => c === 409)).toHaveLength(answers.length - 1);
      const winner = codes.indexOf(200);
      const newStatus = isCloseRace ? 'closed' : 'active (awaiting acceptance)';
      for (const [index, answer] of answers.entries()) {
        if (index === winner) continue;
        const body = (await answer.json()) as { error: { code: string; status: string } };
        expect(body.error).toMatchObject({ code: 'conflict', status: newStatus });
      }
    }
  });

  it('refuses what the SPEC §5 matrix forbids, out-of-scope conversations, agents, and bad bodies', async () => {
    const app = await setUp();
    const supA = await login(app, 'sup-a');
    const supB = await login(app, 'sup-b');
    const agent = await login(app, 'agent-a1');
    const transferOpen = await post('/api/v1/conversations/ca1/transfer', supA, { queueId: 'q-b' });
    expect(transferOpen.statusCode).toBe(409);
    expect(transferOpen.json().error.status).toBe('open');
    expect((await post('/api/v1/conversations/ca1/assign', supB, { agentId: 'b1' })).statusCode).toBe(403);
    expect((await post('/api/v1/conversations/ca1/assign', agent, { agentId: 'a1' })).statusCode).toBe(403);
    expect((await post('/api/v1/conversations/nope/assign', supA, { agentId: 'a1' })).statusCode).toBe(404);
    const noConfirm = await post('/api/v1/conversations/ca1/force-close', supA, {});
    expect(noConfirm.statusCode).toBe(400);
    expect(noConfirm.json().error).toMatchObject({ code: 'invalid', field: 'confirm' });
    const both = await post('/api/v1/conversations/ca1/assign', supA, { agentId: 'a1', queueId: 'q-b' });
    expect(both.statusCode).toBe(400);
    expect(both.json().error.field).toBe('agentId');
  });

  it('monitor, whisper and join on a conversation in progress; the conversation shows timeline and transcript', async () => {
    const app = await setUp();
    const supA = await login(app, 'sup-a');
    expect((await post('/api/v1/conversations/ca2/monitor', supA, { mode: 'start' })).statusCode).toBe(200);
    expect((await post('/api/v1/conversations/ca2/whisper', supA, { text: 'Offer the voucher' })).statusCode).toBe(200);
    expect((await post('/api/v1/conversations/ca2/join', supA, { text: 'Hi, I am the team lead' })).statusCode).toBe(200);
    const transfer = await post('/api/v1/conversations/ca2/transfer', supA, { agentId: 'a1' });
    expect(transfer.statusCode).toBe(200);
    expect(transfer.json().statusText).toBe('active (awaiting acceptance)');

    const view = await app.inject({ method: 'GET', url: '/api/v1/conversations/ca2', headers: { cookie: supA } });
    expect(view.statusCode).toBe(200);
    const conversation = view.json();
    expect(conversation).toMatchObject({ id: 'ca2', status: 'active', accepted: false, activeAgentId: 'a1', queueId: 'q-a', monitoredBy: ['sup-a'] });
    expect(conversation.sessions.map((s: { agentId: string; endReason: string | null }) => [s.agentId, s.endReason])).toEqual([
      ['a2', 'transferred'],
      ['a1', null],
    ]);
    expect(conversation.transcript).toMatchObject([
      { from: 'customer', text: 'Hello, my parcel is late', visibility: 'public' },
      { from: 'supervisor', text: 'Offer the voucher', visibility: 'internal' },
      { from: 'supervisor', text: 'Hi, I am the team lead', visibility: 'public' },
    ]);
    // Each public customer message carries its own level (docs/api.md; these servers' analyzer says neutral); no other line does.
    expect(conversation.transcript.map((line: { sentiment?: string }) => line.sentiment)).toEqual([
      'neutral',
      undefined,
      undefined,
    ]);
    expect(conversation.timeline.map((e: { type: string }) => e.type)).toEqual([
      'conversation.created',
      'conversation.assigned',
      'conversation.accepted',
      'conversation.message',
      'supervisor.monitor',
      'conversation.message',
      'conversation.message',
      'conversation.transferred',
    ]);
    expect(conversation.actions).toEqual(['forceClose']);
  });

  it('the assign picker lists the queue’s agents and the other queues', async () => {
    const app = await setUp();
    const supA = await login(app, 'sup-a');
    const picker = await app.inject({ method: 'GET', url: '/api/v1/conversations/ca1/assign-options', headers: { cookie: supA } });
    expect(picker.statusCode).toBe(200);
    expect(picker.json().agents.map((a: { agentId: string }) => a.agentId).sort()).toEqual(['a1', 'a2']);
    // sup-a may move conversations only into their own queues: q-b is not offered.
    expect(picker.json().otherQueues).toEqual([]);
    const admin = await login(app, 'admin');
    const all = await app.inject({ method: 'GET', url: '/api/v1/conversations/ca1/assign-options', headers: { cookie: admin } });
    expect(all.json().otherQueues.map((q: { queueId: string }) => q.queueId)).toEqual(['q-b']);
    const supB = await login(app, 'sup-b');
    expect((await app.inject({ method: 'GET', url: '/api/v1/conversations/ca1/assign-options', headers: { cookie: supB } })).statusCode).toBe(403);
  });

  it('an agent sees the conversations they took part in, and no other', async () => {
    const app = await setUp();
    await ingest(app, [{ id: 'as-ca1', type: 'conversation.assigned', at: at(60), conversationId: 'ca1', agentId: 'a1', by: 'routing' }]);
    const agent = await login(app, 'agent-a1');
    expect((await app.inject({ method: 'GET', url: '/api/v1/conversations/ca1', headers: { cookie: agent } })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/v1/conversations/ca2', headers: { cookie: agent } })).statusCode).toBe(403);
  });
});
