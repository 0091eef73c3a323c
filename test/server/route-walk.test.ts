/**
 * Walks every route of the app with every role and with no session (SPEC §9 "Roles"):
 * 401 without a session, 403 for a role that may not, and never 401/403 for one that may.
 * The table must cover every route the app registers, so a new route cannot skip it.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUPERVISOR_ACTIONS } from '../../src/domain/actions.ts';
import { INGEST_TOKEN, created, ingest, login, openTestServer, siteEvents, type TestServer } from './helpers.ts';

type Caller = 'none' | 'admin' | 'sup-a' | 'agent-a1';
const CALLERS: Caller[] = ['none', 'admin', 'sup-a', 'agent-a1'];
/** An expected status, or 'allowed' (anything but 401/403/404/5xx). */
type Expect = number | 'allowed';

interface RouteCase {
  method: string;
  route: string;
  url: string;
  body?: object;
  headers?: Record<string, string>;
  expect: Record<Caller, Expect>;
}

const everyone = (status: Expect): Record<Caller, Expect> => ({ none: status, admin: status, 'sup-a': status, 'agent-a1': status });
const signedIn: Record<Caller, Expect> = { none: 401, admin: 'allowed', 'sup-a': 'allowed', 'agent-a1': 'allowed' };
const adminOnly: Record<Caller, Expect> = { none: 401, admin: 'allowed', 'sup-a': 403, 'agent-a1': 403 };
const supervisors: Record<Caller, Expect> = { none: 401, admin: 'allowed', 'sup-a': 'allowed', 'agent-a1': 403 };

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
  // Ingest takes a token, never a session.
  { method: 'POST', route: '/api/v1/events', url: '/api/v1/events', body: [], expect: everyone(401) },
  { method: 'POST', route: '/api/v1/events', url: '/api/v1/events', body: [], headers: { authorization: `Bearer ${INGEST_TOKEN}` }, expect: everyone(200) },
  ...['ongoing', 'summary', 'agents', 'voice', 'queues'].map((kind) => ({ method: 'GET', route: '/api/v1/reports/:kind', url: `/api/v1/reports/${kind}`, expect: supervisors })),
  { method: 'GET', route: '/api/v1/conversations/:id', url: '/api/v1/conversations/ca1', expect: { none: 401, admin: 200, 'sup-a': 200, 'agent-a1': 403 } },
  { method: 'GET', route: '/api/v1/conversations/:id', url: '/api/v1/conversations/cb1', expect: { none: 401, admin: 200, 'sup-a': 403, 'agent-a1': 403 } },
  { method: 'GET', route: '/api/v1/conversations/:id/assign-options', url: '/api/v1/conversations/ca1/assign-options', expect: supervisors },
  { method: 'GET', route: '/api/v1/conversations/:id/assign-options', url: '/api/v1/conversations/cb1/assign-options', expect: { none: 401, admin: 200, 'sup-a': 403, 'agent-a1': 403 } },
  ...Object.values(SUPERVISOR_ACTIONS).flatMap((action) => [
    // An empty body: the caller is let in, then refused for the body or the status (400/409).
    { method: 'POST', route: `/api/v1/conversations/:id/${action.route}`, url: `/api/v1/conversations/ca1/${action.route}`, body: {}, expect: supervisors },
    { method: 'POST', route: `/api/v1/conversations/:id/${action.route}`, url: `/api/v1/conversations/cb1/${action.route}`, body: {}, expect: { none: 401, admin: 'allowed', 'sup-a': 403, 'agent-a1': 403 } as Record<Caller, Expect> },
  ]),
  { method: 'GET', route: '/api/v1/audit', url: '/api/v1/audit', expect: adminOnly },
  { method: 'PUT', route: '/api/v1/queues/:id', url: '/api/v1/queues/q-a', body: { name: 'Queue A' }, expect: adminOnly },
  // Last: it ends the sessions the walk uses.
  { method: 'POST', route: '/api/v1/auth/logout', url: '/api/v1/auth/logout', expect: everyone(200) },
];

/** Routes served by other plugins with their own tests. */
const ELSEWHERE = (url: string) => url.startsWith('/docs') || url === '/api/v1/live';

describe('every route with every role and with no session (SPEC §9 roles)', () => {
  let server: TestServer;
  const cookies: Partial<Record<Caller, string>> = {};
  beforeAll(async () => {
    server = await openTestServer();
    await ingest(server.app, [...siteEvents(), created('ca1', 'q-a'), created('cb1', 'q-b')]);
    for (const caller of CALLERS) if (caller !== 'none') cookies[caller] = await login(server.app, caller);
  });
  afterAll(async () => {
    await server.close();
    fs.rmSync(server.dir, { recursive: true, force: true });
  });

  it('the table covers every route the app registers', () => {
    const registered = new Set(
      server.app.routeTable.filter((r) => r.method !== 'HEAD' && !ELSEWHERE(r.url)).map((r) => `${r.method} ${r.url}`),
    );
    const walked = new Set(CASES.map((c) => `${c.method} ${c.route}`));
    expect([...registered].sort()).toEqual([...walked].sort());
  });

  for (const routeCase of CASES) {
    it(`${routeCase.method} ${routeCase.url}${routeCase.headers ? ' (with token)' : ''}`, async () => {
      for (const caller of CALLERS) {
        const headers: Record<string, string> = { ...routeCase.headers };
        if (caller !== 'none') headers.cookie = cookies[caller]!;
        const response = await server.app.inject({ method: routeCase.method as 'GET', url: routeCase.url, headers, payload: routeCase.body });
        const expected = routeCase.expect[caller];
        const label = `${caller}: ${response.statusCode} ${response.body.slice(0, 200)}`;
        if (expected === 'allowed') {
          expect([401, 403, 404].includes(response.statusCode) || response.statusCode >= 500, label).toBe(false);
        } else {
          expect(response.statusCode, label).toBe(expected);
        }
        if (response.statusCode >= 400 && response.headers['content-type']?.toString().includes('json')) {
          expect(response.json(), label).toEqual({ error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }) });
        }
      }
    });
  }
});
