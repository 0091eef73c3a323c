import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { setLiveClients } from '../../src/server/metrics.ts';
import { ingest, openTestServer, siteEvents, type TestServer } from './helpers.ts';

describe('operators’ endpoints (SPEC §9 /healthz, /readyz, /metrics, /docs)', () => {
  let server: TestServer;
  afterEach(async () => {
    await server.close();
    fs.rmSync(server.dir, { recursive: true, force: true });
  });

  it('healthz and readyz answer; readyz says 503 while draining', async () => {
    server = await openTestServer();
    const { app } = server;
    expect((await app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await app.inject('/readyz')).json()).toMatchObject({ status: 'ready' });
    app.lifecycle.isDraining = true;
    const draining = await app.inject('/readyz');
    expect(draining.statusCode).toBe(503);
    expect(draining.json()).toEqual({ status: 'draining' });
  });

  it('metrics count applied events, live clients and store append latency', async () => {
    server = await openTestServer();
    const { app } = server;
    const before = await app.inject('/metrics');
    const applied = (text: string) => Number(/^omnipulse_events_applied_total (\d+)/m.exec(text)?.[1] ?? 0);
    await ingest(app, siteEvents());
    setLiveClients(3);
    const after = await app.inject('/metrics');
    expect(after.headers['content-type']).toContain('text/plain');
    expect(applied(after.body) - applied(before.body)).toBe(8);
    expect(after.body).toMatch(/^omnipulse_live_clients 3$/m);
    const appends = (text: string) => Number(/^omnipulse_store_append_seconds_count (\d+)/m.exec(text)?.[1] ?? 0);
    expect(appends(after.body)).toBeGreaterThan(appends(before.body));
    expect(after.body).toContain('omnipulse_process_cpu_user_seconds_total');
    setLiveClients(0);
  });

  it('serves the OpenAPI document and its UI at /docs', async () => {
    server = await openTestServer();
    const { app } = server;
    const ui = await app.inject('/docs');
    expect([200, 302]).toContain(ui.statusCode);
    const spec = (await app.inject('/docs/json')).json();
    expect(spec.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/api/v1/events', '/api/v1/reports/{kind}', '/api/v1/conversations/{id}/force-close', '/api/v1/auth/login', '/api/v1/audit']),
    );
    expect(spec.paths['/api/v1/conversations/{id}/assign'].post.requestBody.content['application/json'].schema.properties).toHaveProperty('agentId');
  });

  it('unknown routes answer 404 in the SPEC error format', async () => {
    server = await openTestServer();
    const response = await server.app.inject('/api/v1/nothing');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: { code: 'not-found', message: 'no route GET /api/v1/nothing' } });
  });
});
