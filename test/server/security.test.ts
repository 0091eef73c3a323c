/**
 * docs/security.md, tried from outside: foreign origins, sessions that end, scope, admin
 * operations, headers, the operators' endpoints, the session cookie behind TLS, overload.
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CLOSE_ACCESS_CHANGED, CLOSE_UNAUTHORIZED } from '../../src/server/live/plugin.ts';
import { ControlledStore } from '../pipeline/controlled-store.ts';
import { INGEST_TOKEN, type TestServerOptions, created, ingest, login, openTestServer, siteEvents, type TestServer } from './helpers.ts';

let server: TestServer;
afterEach(async () => {
  await server.close();
  fs.rmSync(server.dir, { recursive: true, force: true });
});

async function open(options: TestServerOptions = {}) {
  server = await openTestServer(options);
  await ingest(server.app, [...siteEvents(), created('c1', 'q-a'), created('c2', 'q-b')]);
  return server.app;
}

async function listen(): Promise<string> {
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  return `127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
}

/** Opens the live feed; resolves with the HTTP status of a refused upgrade, or the socket. */
function connect(host: string, headers: Record<string, string>): Promise<{ status: number; socket?: WebSocket; closed: Promise<number> }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`ws://${host}/api/v1/live`, { headers });
    const closed = new Promise<number>((done) => socket.on('close', (code) => done(code)));
    socket.on('unexpected-response', (_request, response) => resolve({ status: response.statusCode ?? 0, closed }));
    socket.on('open', () => resolve({ status: 101, socket, closed }));
    socket.on('error', () => {});
  });
}

const within = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise, new Promise<never>((_resolve, reject) => setTimeout(() => reject(new Error(`not within ${ms} ms`)), ms))]);

describe('origin', () => {
  it('refuses a cookie-authenticated unsafe request from another origin; the own origin, no origin and a bearer token pass', async () => {
    const app = await open({ app: { allowedOrigins: ['https://console.example.com'] } });
    const cookie = await login(app, 'admin');
    const forceClose = (headers: Record<string, string>, id: string) =>
      app.inject({ method: 'POST', url: `/api/v1/conversations/${id}/force-close`, headers: { cookie, host: 'omni.test', ...headers }, payload: { confirm: true } });
    const foreign = await forceClose({ origin: 'http://evil.example' }, 'c1');
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().error.code).toBe('forbidden');
    expect((await forceClose({ 'sec-fetch-site': 'cross-site' }, 'c1')).statusCode).toBe(403);
    expect(server.pipeline.engine.state.conversations.get('c1')!.status).toBe('open');
    expect((await forceClose({ origin: 'http://omni.test' }, 'c1')).statusCode).toBe(200);
    expect((await forceClose({ origin: 'https://console.example.com' }, 'c2')).statusCode).toBe(200);
    const logout = await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie, origin: 'http://evil.example' } });
    expect(logout.statusCode).toBe(403);
    // An ingest platform sends no cookie: its Origin, if any, does not matter.
    const platform = await app.inject({ method: 'POST', url: '/api/v1/events', headers: { authorization: `Bearer ${INGEST_TOKEN}`, origin: 'http://crm.example' }, payload: [created('c3', 'q-a')] });
    expect(platform.json()).toMatchObject({ accepted: 1 });
  });

  it('refuses the live feed upgrade from another origin or without a session, before it completes', async () => {
    const app = await open();
    const host = await listen();
    const cookie = await login(app, 'admin');
    expect((await connect(host, { cookie, origin: 'http://evil.example' })).status).toBe(403);
    expect((await connect(host, { origin: `http://${host}` })).status).toBe(401);
    const ok = await connect(host, { cookie, origin: `http://${host}` });
    expect(ok.status).toBe(101);
    ok.socket!.close();
  });
});

describe('sessions that end close their sockets within a second', () => {
  it('on logout, password change, scope change, disabling and deletion (close codes 4401 / 4403)', async () => {
    const app = await open();
    const host = await listen();
    const admin = await login(app, 'admin');
    const userId = async (username: string) => ((await app.inject({ url: '/api/v1/users', headers: { cookie: admin } })).json().users as { id: string; username: string }[]).find((user) => user.username === username)!.id;
    const socketOf = async (username: string) => {
      const cookie = await login(app, username);
      const opened = await connect(host, { cookie });
      expect(opened.status).toBe(101);
      return { cookie, closed: opened.closed };
    };
    const patch = async (username: string, payload: object) =>
      app.inject({ method: 'PATCH', url: `/api/v1/users/${await userId(username)}`, headers: { cookie: admin }, payload });

    const loggedOut = await socketOf('sup-a');
    await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: loggedOut.cookie } });
    expect(await within(loggedOut.closed, 1_000)).toBe(CLOSE_UNAUTHORIZED);

    const newPassword = await socketOf('sup-a');
    expect((await patch('sup-a', { password: 'a-new-password' })).statusCode).toBe(200);
    expect(await within(newPassword.closed, 1_000)).toBe(CLOSE_UNAUTHORIZED);
    expect((await app.inject({ url: '/api/v1/me', headers: { cookie: newPassword.cookie } })).statusCode).toBe(401);
    await patch('sup-a', { password: 'sup-a-pass' });

    // Widening a scope keeps the session but the socket's view of the user is stale: reconnect.
    const widened = await socketOf('sup-b');
    await patch('sup-b', { queueIds: ['q-b', 'q-a'] });
    expect(await within(widened.closed, 1_000)).toBe(CLOSE_ACCESS_CHANGED);
    expect((await app.inject({ url: '/api/v1/me', headers: { cookie: widened.cookie } })).statusCode).toBe(200);

    const disabled = await socketOf('sup-b');
    expect((await patch('sup-b', { disabled: true })).json().user).toMatchObject({ disabled: true });
    expect(await within(disabled.closed, 1_000)).toBe(CLOSE_UNAUTHORIZED);
    expect((await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'sup-b', password: 'sup-b-pass' } })).statusCode).toBe(401);

    const deleted = await socketOf('agent-a1');
    expect((await app.inject({ method: 'DELETE', url: `/api/v1/users/${await userId('agent-a1')}`, headers: { cookie: admin } })).statusCode).toBe(200);
    expect(await within(deleted.closed, 1_000)).toBe(CLOSE_UNAUTHORIZED);

    const audit = (await app.inject({ url: '/api/v1/audit?limit=50', headers: { cookie: admin } })).json();
    const actions = (audit.entries as { action: string }[]).map((entry) => entry.action);
    expect(actions).toEqual(expect.arrayContaining(['user.update', 'user.delete']));
    expect(JSON.stringify(audit)).not.toContain('a-new-password');
  });
});

describe('admin operations', () => {
  it('a revoked ingest token is refused at once; unknown ids answer 404', async () => {
    const app = await open();
    const admin = await login(app, 'admin');
    const token = (await app.inject({ method: 'POST', url: '/api/v1/tokens', headers: { cookie: admin }, payload: { name: 'crm' } })).json();
    expect((await ingest(app, [created('t1', 'q-a')], token.token)).statusCode).toBe(200);
    expect((await app.inject({ method: 'DELETE', url: `/api/v1/tokens/${token.id}`, headers: { cookie: admin } })).statusCode).toBe(200);
    expect((await ingest(app, [created('t2', 'q-a')], token.token)).statusCode).toBe(401);
    expect((await app.inject({ method: 'DELETE', url: `/api/v1/tokens/${token.id}`, headers: { cookie: admin } })).statusCode).toBe(404);
    const supervisor = await login(app, 'sup-a');
    expect((await app.inject({ method: 'DELETE', url: '/api/v1/tokens/x', headers: { cookie: supervisor } })).statusCode).toBe(403);
    const bad = await app.inject({ method: 'PATCH', url: '/api/v1/users/x', headers: { cookie: admin }, payload: { role: 'owner' } });
    expect(bad.json().error).toMatchObject({ field: 'role' });
  });
});

describe('scope of supervisor actions', () => {
  it('a supervisor moves conversations only into their own, existing queues; the picker offers only those', async () => {
    const app = await open();
    const cookie = await login(app, 'sup-a');
    const assign = (payload: object) => app.inject({ method: 'POST', url: '/api/v1/conversations/c1/assign', headers: { cookie }, payload });
    const outside = await assign({ queueId: 'q-b' });
    expect(outside.statusCode).toBe(403);
    expect(outside.json().error).toMatchObject({ field: 'queueId' });
    expect((await assign({ queueId: '__proto__' })).statusCode).toBe(404);
    expect(server.pipeline.engine.state.conversations.get('c1')!.queueId).toBe('q-a');
    const picker = (await app.inject({ url: '/api/v1/conversations/c1/assign-options', headers: { cookie } })).json();
    expect(picker.otherQueues).toEqual([]);
    const admin = await login(app, 'admin');
    const adminPicker = (await app.inject({ url: '/api/v1/conversations/c1/assign-options', headers: { cookie: admin } })).json();
    expect(adminPicker.otherQueues.map((queue: { queueId: string }) => queue.queueId)).toEqual(['q-b']);
  });
});

describe('headers and operators’ endpoints', () => {
  it('sends a strict CSP, nosniff, no framing, no referrer', async () => {
    const app = await open();
    const response = await app.inject('/healthz');
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
  });

  it('serves /metrics and /docs to this machine or with the metrics token only', async () => {
    const app = await open({ app: { opsAccess: { mode: 'local', token: 'metrics-secret' } } });
    const remote = { remoteAddress: '203.0.113.5' };
    expect((await app.inject({ url: '/metrics', ...remote })).statusCode).toBe(403);
    expect((await app.inject({ url: '/docs/json', ...remote })).statusCode).toBe(403);
    expect((await app.inject({ url: '/metrics', ...remote, headers: { authorization: 'Bearer metrics-secret' } })).statusCode).toBe(200);
    expect((await app.inject({ url: '/metrics', ...remote, headers: { authorization: 'Bearer wrong' } })).statusCode).toBe(403);
    expect((await app.inject('/metrics')).statusCode).toBe(200);
    expect((await app.inject('/docs/json')).statusCode).toBe(200);
    expect((await app.inject({ url: '/healthz', ...remote })).statusCode).toBe(200);
  });
});

describe('the session cookie behind TLS', () => {
  const signIn = (app: TestServer['app'], headers: Record<string, string>) =>
    app.inject({ method: 'POST', url: '/api/v1/auth/login', headers, payload: { username: 'admin', password: 'admin-pass' } });

  it('is Secure and __Host- prefixed when a trusted proxy says https; a proxy header from anyone else is ignored', async () => {
    let app = await open({ app: { trustProxy: true } });
    const secure = String((await signIn(app, { 'x-forwarded-proto': 'https' })).headers['set-cookie']);
    expect(secure).toMatch(/^__Host-omnipulse_session=[\w-]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+; Secure$/);
    const me = await app.inject({ url: '/api/v1/me', headers: { cookie: secure.split(';')[0]!, 'x-forwarded-proto': 'https' } });
    expect(me.json().user.username).toBe('admin');
    await server.close();

    app = await open();
    const plain = String((await signIn(app, { 'x-forwarded-proto': 'https' })).headers['set-cookie']);
    expect(plain).toMatch(/^omnipulse_session=/);
    expect(plain).not.toContain('Secure');
  });
});

describe('overload', () => {
  it('answers 503 with Retry-After instead of queueing without bound', async () => {
    let store: ControlledStore;
    const app = await open({ wrapStore: (sqlite) => (store = new ControlledStore(sqlite)), pipeline: { maxWaitingEvents: 100 } });
    store!.hold();
    const first = ingest(app, [created('o1', 'q-a')]);
    const batch = (n: number) => Array.from({ length: 60 }, (_, i) => created(`o-${n}-${i}`, 'q-a'));
    const second = ingest(app, batch(2));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const third = await ingest(app, batch(3));
    expect(third.statusCode).toBe(503);
    expect(third.json().error.code).toBe('overloaded');
    expect(third.headers['retry-after']).toBe('1');
    store!.release();
    expect((await first).statusCode).toBe(200);
    expect((await second).json()).toMatchObject({ accepted: 60 });
  });
});
