/**
 * Walks every route of the app with every role and with no session (SPEC §9 "Roles"):
 * 401 without a session, 403 for a role that may not, and never 401/403 for one that may.
 * The table must cover every route the app registers, so a new route cannot skip it.
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SUPERVISOR_ACTIONS } from '../../src/domain/actions.ts';
import { INGEST_TOKEN, created, ingest, login, openTestServer, siteEvents, type TestServer } from './helpers.ts';

type Role = 'none' | 'admin' | 'sup-a' | 'agent-a1';
/** The roles, plus callers whose cookie no longer counts: a session past its expiry, a user disabled since. */
type Caller = Role | 'expired' | 'disabled';
const CALLERS: Caller[] = ['none', 'admin', 'sup-a', 'agent-a1', 'expired', 'disabled'];
const ENDED: ReadonlySet<Caller> = new Set(['expired', 'disabled']);
/** A page of another site: its cookie-carrying writes are refused before anything else. */
const FOREIGN_ORIGIN = 'http://evil.example';
const UNSAFE: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** An expected status, or 'allowed' (anything but 401/403/404/5xx). */
type Expect = number | 'allowed';

interface RouteCase {
  method: string;
  route: string;
  url: string;
  body?: object;
  headers?: Record<string, string>;
  expect: Record<Role, Expect>;
}

const everyone = (status: Expect): Record<Role, Expect> => ({ none: status, admin: status, 'sup-a': status, 'agent-a1': status });
const signedIn: Record<Role, Expect> = { none: 401, admin: 'allowed', 'sup-a': 'allowed', 'agent-a1': 'allowed' };
const adminOnly: Record<Role, Expect> = { none: 401, admin: 'allowed', 'sup-a': 403, 'agent-a1': 403 };
const supervisors: Record<Role, Expect> = { none: 401, admin: 'allowed', 'sup-a': 'allowed', 'agent-a1': 403 };

/**
 * What a caller gets from an origin: an ended session is no session; a write that carries a
 * cookie from a foreign origin is 403, whatever the route.
 */
function expected(routeCase: RouteCase, caller: Caller, origin: 'same' | 'foreign'): Expect {
  if (origin === 'foreign' && caller !== 'none' && UNSAFE.has(routeCase.method)) return 403;
  return routeCase.expect[ENDED.has(caller) ? 'none' : (caller as Role)];
}

const CASES: RouteCase[] = [
  { method: 'GET', route: '/healthz', url: '/healthz', expect: everyone(200) },
  { method: 'GET', route: '/readyz', url: '/readyz', expect: everyone(200) },
  { method: 'GET', route: '/metrics', url: '/metrics', expect: everyone(200) },
  { method: 'POST', route: '/api/v1/auth/login', url: '/api/v1/auth/login', body: { username: 'x', password: 'y' }, expect: everyone(401) },
  { method: 'GET', route: '/api/v1/me', url: '/api/v1/me', expect: signedIn },
  { method: 'GET', route: '/api/v1/users', url: '/api/v1/users', expect: adminOnly },
  { method: 'POST', route: '/api/v1/users', url: '/api/v1/users', body: {}, expect: adminOnly },
  { method: 'GET', route: '/api/v1/tokens', url: '/api/v1/tokens', expect: adminOnly },
  { method: 'POST', route: '/api/v1/tokens', url: '/api/v1/tokens', body: { name: 'walk' }, expect: adminOnly },
  { method: 'DELETE', route: '/api/v1/tokens/:id', url: '/api/v1/tokens/no-such-token', expect: { none: 401, admin: 404, 'sup-a': 403, 'agent-a1': 403 } },
  { method: 'PATCH', route: '/api/v1/users/:id', url: '/api/v1/users/no-such-user', body: { disabled: true }, expect: { none: 401, admin: 404, 'sup-a': 403, 'agent-a1': 403 } },
  { method: 'DELETE', route: '/api/v1/users/:id', url: '/api/v1/users/no-such-user', expect: { none: 401, admin: 404, 'sup-a': 403, 'agent-a1': 403 } },
  // Ingest takes a token, never a session.
  { method: 'POST', route: '/api/v1/events', url: '/api/v1/events', body: [], expect: everyone(401) },
  { method: 'POST', route: '/api/v1/events', url: '/api/v1/events', body: [], headers: { authorization: `Bearer ${INGEST_TOKEN}` }, expect: everyone(200) },
  ...['ongoing', 'summary', 'agents', 'voice', 'queues'].map((kind) => ({ method: 'GET', route: '/api/v1/reports/:kind', url: `/api/v1/reports/${kind}`, expect: supervisors })),
  { method: 'GET', route: '/api/v1/series/conversations', url: '/api/v1/series/conversations', expect: supervisors },
  { method: 'GET', route: '/api/v1/conversations/:id', url: '/api/v1/conversations/ca1', expect: { none: 401, admin: 200, 'sup-a': 200, 'agent-a1': 403 } },
  { method: 'GET', route: '/api/v1/conversations/:id', url: '/api/v1/conversations/cb1', expect: { none: 401, admin: 200, 'sup-a': 403, 'agent-a1': 403 } },
  { method: 'GET', route: '/api/v1/conversations/:id/assign-options', url: '/api/v1/conversations/ca1/assign-options', expect: supervisors },
  { method: 'GET', route: '/api/v1/conversations/:id/assign-options', url: '/api/v1/conversations/cb1/assign-options', expect: { none: 401, admin: 200, 'sup-a': 403, 'agent-a1': 403 } },
  ...Object.values(SUPERVISOR_ACTIONS).flatMap((action) => [
    // An empty body: the caller is let in, then refused for the body or the status (400/409).
    { method: 'POST', route: `/api/v1/conversations/:id/${action.route}`, url: `/api/v1/conversations/ca1/${action.route}`, body: {}, expect: supervisors },
    { method: 'POST', route: `/api/v1/conversations/:id/${action.route}`, url: `/api/v1/conversations/cb1/${action.route}`, body: {}, expect: { none: 401, admin: 'allowed', 'sup-a': 403, 'agent-a1': 403 } as Record<Role, Expect> },
  ]),
  { method: 'GET', route: '/api/v1/audit', url: '/api/v1/audit', expect: adminOnly },
  { method: 'GET', route: '/api/v1/queues', url: '/api/v1/queues', expect: supervisors },
  { method: 'PUT', route: '/api/v1/queues/:id', url: '/api/v1/queues/q-a', body: { name: 'Queue A' }, expect: adminOnly },
  // Last: it ends the sessions the walk uses.
  { method: 'POST', route: '/api/v1/auth/logout', url: '/api/v1/auth/logout', expect: everyone(200) },
];

/** The docs UI is served by a plugin with its own routes; the live feed is walked below, over a real socket. */
const ELSEWHERE = (url: string) => url.startsWith('/docs');
const WALKED_ELSEWHERE = ['GET /api/v1/live'];

describe('every route × every role, no session, an ended session, a disabled user × own and foreign origin (SPEC §9 roles, docs/security.md)', () => {
  let server: TestServer;
  const cookies: Partial<Record<Caller, string>> = {};
  beforeAll(async () => {
    // The walk tries the login route a dozen times from one address: limits are tested in auth.test.ts.
    server = await openTestServer({ app: { loginLimits: { perAddress: 1_000, perAccount: 1_000, perAccountHour: 1_000 } } });
    await ingest(server.app, [...siteEvents(), created('ca1', 'q-a'), created('cb1', 'q-b')]);
    for (const caller of ['admin', 'sup-a', 'agent-a1'] as const) cookies[caller] = await login(server.app, caller);
    // A session past its expiry, and one of a user disabled after signing in.
    cookies.expired = await login(server.app, 'sup-b');
    const expiredUser = (await server.users.byUsername('sup-b'))!;
    await server.users.db.run('UPDATE sessions SET expires_at = 0 WHERE user_id = ?', [expiredUser.id]);
    const disabled = await server.users.create({ username: 'sup-gone', password: 'sup-gone-pass', role: 'supervisor', queueIds: ['q-a'] });
    const response = await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'sup-gone', password: 'sup-gone-pass' } });
    cookies.disabled = String(response.headers['set-cookie']).split(';')[0]!;
    await server.users.update(disabled.id, { disabled: true });
  });
  afterAll(async () => {
    await server.close();
    fs.rmSync(server.dir, { recursive: true, force: true });
  });

  it('the table covers every route the app registers', () => {
    const registered = new Set(
      server.app.routeTable.filter((r) => r.method !== 'HEAD' && !ELSEWHERE(r.url)).map((r) => `${r.method} ${r.url}`),
    );
    const walked = new Set([...CASES.map((c) => `${c.method} ${c.route}`), ...WALKED_ELSEWHERE]);
    expect([...registered].sort()).toEqual([...walked].sort());
  });

  describe('GET /api/v1/live: the upgrade is authenticated by the real session cookie', () => {
    type Message = { type: string; id?: string; data?: { conversations?: { id: string }[] }; error?: { code: string } };
    /** Connects with `cookie`, subscribes to ongoing, and gives what came back, the close code and a refused upgrade's status. */
    async function tryLive(cookie: string | undefined): Promise<{ messages: Message[]; closeCode: number | null; refusedWith: number | null }> {
      if (!server.app.server.listening) await server.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = server.app.server.address() as AddressInfo;
      const ws = new WebSocket(`ws://127.0.0.1:${port}/api/v1/live`, cookie ? { headers: { cookie } } : {});
      const messages: Message[] = [];
      let closeCode: number | null = null;
      let refusedWith: number | null = null;
      ws.on('message', (data) => messages.push(JSON.parse(data.toString())));
      ws.on('error', () => {});
      const closed = new Promise<void>((resolve) => {
        ws.on('close', (code) => ((closeCode = code), resolve()));
        ws.on('unexpected-response', (_request, response) => ((refusedWith = response.statusCode ?? 0), resolve()));
      });
      ws.on('open', () => ws.send(JSON.stringify({ type: 'subscribe', id: 's', report: 'ongoing', filters: {} })));
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 500))]);
      ws.terminate();
      return { messages, closeCode, refusedWith };
    }
    const rowIds = (messages: Message[]) => messages.find((m) => m.type === 'snapshot')?.data?.conversations?.map((c) => c.id).sort();

    it('refuses an upgrade without a cookie, with a forged or unknown one, and after logout (HTTP 401, no socket, no data)', async () => {
      const ended = await login(server.app, 'sup-b');
      await server.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: ended } });
      const name = cookies.admin!.split('=')[0]!;
      for (const cookie of [undefined, `${name}=forged`, `${name}=`, `session=admin`, `${name}=${'x'.repeat(64)}`, ended]) {
        const { messages, refusedWith } = await tryLive(cookie);
        expect({ cookie, refusedWith }).toEqual({ cookie, refusedWith: 401 });
        expect(messages, String(cookie)).toEqual([]);
      }
    });

    it('lets a real login in, with the role and queues of its user', async () => {
      expect(rowIds((await tryLive(cookies.admin)).messages)).toEqual(['ca1', 'cb1']);
      expect(rowIds((await tryLive(cookies['sup-a'])).messages), 'a supervisor of q-a sees only q-a').toEqual(['ca1']);
      const agent = await tryLive(cookies['agent-a1']);
      expect(agent.messages).toEqual([expect.objectContaining({ type: 'error', id: 's', error: expect.objectContaining({ code: 'forbidden' }) })]);
    });
  });

  for (const routeCase of CASES) {
    it(`${routeCase.method} ${routeCase.url}${routeCase.headers ? ' (with token)' : ''}`, async () => {
      // Foreign first: the logout at the end must find the sessions still there.
      for (const origin of ['foreign', 'same'] as const) {
       for (const caller of CALLERS) {
        const headers: Record<string, string> = { ...routeCase.headers };
        if (caller !== 'none') headers.cookie = cookies[caller]!;
        if (origin === 'foreign') headers.origin = FOREIGN_ORIGIN;
        const response = await server.app.inject({ method: routeCase.method as 'GET', url: routeCase.url, headers, payload: routeCase.body });
        const wanted = expected(routeCase, caller, origin);
        const label = `${caller} from ${origin} origin: ${response.statusCode} ${response.body.slice(0, 200)}`;
        if (wanted === 'allowed') {
          expect([401, 403, 404].includes(response.statusCode) || response.statusCode >= 500, label).toBe(false);
        } else {
          expect(response.statusCode, label).toBe(wanted);
        }
        if (response.statusCode >= 400 && response.headers['content-type']?.toString().includes('json')) {
          expect(response.json(), label).toEqual({ error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }) });
        }
       }
      }
    });
  }
});
