import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { login, openTestServer, type TestServer } from './helpers.ts';

describe('sign in and out (SPEC §9 auth)', () => {
  let server: TestServer;
  afterEach(async () => {
    await server.close();
    fs.rmSync(server.dir, { recursive: true, force: true });
  });

  it('login sets an httpOnly SameSite=Lax session cookie; /me tells who; logout ends the session', async () => {
    server = await openTestServer();
    const { app } = server;
    const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'sup-a', password: 'sup-a-pass' } });
    expect(response.statusCode).toBe(200);
    expect(response.json().user).toMatchObject({ username: 'sup-a', role: 'supervisor', queueIds: ['q-a'] });
    expect(JSON.stringify(response.json())).not.toContain('password');
    const setCookie = String(response.headers['set-cookie']);
    expect(setCookie).toMatch(/^omnipulse_session=[\w-]{20,};/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Lax');
    const cookie = setCookie.split(';')[0]!;

    const me = await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.username).toBe('sup-a');
    expect((await server.users.userFromCookieHeader(`other=1; ${cookie}`))?.username).toBe('sup-a');

    const out = await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } });
    expect(out.statusCode).toBe(200);
    expect(String(out.headers['set-cookie'])).toContain('Max-Age=0');
    const after = await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    expect(after.statusCode).toBe(401);
    expect(after.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    expect(await server.users.userFromCookieHeader(cookie)).toBeNull();
  });

  it('refuses a wrong password or unknown user with 401, a missing field with 400 naming it', async () => {
    server = await openTestServer();
    const { app } = server;
    const wrong = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'nope' } });
    expect(wrong.statusCode).toBe(401);
    const unknown = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'ghost', password: 'nope' } });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().error.message).toBe(wrong.json().error.message);
    const missing = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin' } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error).toMatchObject({ code: 'invalid', field: 'password' });
  });

  it('answers 429 with Retry-After to an address hammering one account, while the owner signs in from another', async () => {
    server = await openTestServer();
    const { app } = server;
    const attempt = (password: string, remoteAddress: string) =>
      app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password }, remoteAddress });
    for (let i = 0; i < 5; i += 1) expect((await attempt(`bad${i}`, '203.0.113.7')).statusCode).toBe(401);
    const blocked = await attempt('admin-pass', '203.0.113.7');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('too-many-requests');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(60);
    // No lock-out: the right password from another address works at once.
    expect((await attempt('admin-pass', '198.51.100.20')).statusCode).toBe(200);
  });

  it('limits one address spraying many accounts, before any password is checked', async () => {
    server = await openTestServer();
    const { app } = server;
    const statuses: number[] = [];
    for (let i = 0; i < 32; i += 1) {
      const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: `user${i}`, password: 'guess' }, remoteAddress: '203.0.113.9' });
      statuses.push(response.statusCode);
    }
    expect(statuses.slice(0, 30).every((status) => status === 401)).toBe(true);
    expect(statuses.slice(30)).toEqual([429, 429]);
  });

  it('admins create users; the password is stored hashed with scrypt', async () => {
    server = await openTestServer();
    const { app } = server;
    const cookie = await login(app, 'admin');
    const made = await app.inject({ method: 'POST', url: '/api/v1/users', headers: { cookie }, payload: { username: 'sup-c', password: 'long-enough', role: 'supervisor', queueIds: ['q-c'] } });
    expect(made.statusCode).toBe(201);
    const again = await app.inject({ method: 'POST', url: '/api/v1/users', headers: { cookie }, payload: { username: 'sup-c', password: 'long-enough', role: 'supervisor' } });
    expect(again.statusCode).toBe(409);
    const agentWithout = await app.inject({ method: 'POST', url: '/api/v1/users', headers: { cookie }, payload: { username: 'ag', password: 'long-enough', role: 'agent' } });
    expect(agentWithout.json().error.field).toBe('agentId');
    const [row] = await server.users.db.query<{ password_hash: string }>("SELECT password_hash FROM users WHERE username = 'sup-c'");
    expect(row!.password_hash).toMatch(/^scrypt\$/);
    expect(row!.password_hash).not.toContain('long-enough');
  });
});
