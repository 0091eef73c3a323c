/**
 * Issue #14 part 6, live feed: hostile frames at `GET /api/v1/live` of the real app (real
 * login cookie, real store): subscribe messages with hostile filters, ids and shapes,
 * `Object.prototype` names everywhere, wrong types, deep nesting, non-JSON. After each run:
 * every answer is a well-formed message, the server is ready, and a fresh client still gets
 * a snapshot equal to the HTTP report and a patch for a new conversation.
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { REPORT_KINDS } from '../../src/domain/reports.ts';
import { created, siteEvents, startChild, tempDir } from '../server/helpers.ts';
import { PROTOTYPE_NAMES, wrongValue } from './arbitraries.ts';
import { expectConsistent, expectReady, ingestChecked, openProbe, type Probe, sleep } from './harness.ts';

type Message = Record<string, any>;

/** A live client that records what it receives and how it was closed. */
class LiveClient {
  readonly received: Message[] = [];
  closeCode: number | null = null;
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => this.received.push(JSON.parse(data.toString())));
    ws.on('close', (code) => (this.closeCode = code));
    ws.on('error', () => {});
  }

  static async open(url: string, cookie: string): Promise<LiveClient> {
    const client = new LiveClient(new WebSocket(url, { headers: { cookie } }));
    await new Promise((resolve, reject) => client.ws.once('open', resolve).once('error', reject));
    return client;
  }

  send(text: string): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(text);
  }

  async waitFor(match: (message: Message) => boolean, timeoutMs = 3_000): Promise<Message> {
    await expect.poll(() => this.received.find(match), { timeout: timeoutMs }).toBeDefined();
    return this.received.find(match)!;
  }
}

const hostileString = fc.oneof(fc.constantFrom(...PROTOTYPE_NAMES), fc.string({ maxLength: 12 }), fc.constant(''), fc.constant('x'.repeat(70)), fc.constant('Mars/Olympus_Mons'));
const filterValue = fc.oneof(hostileString, wrongValue);
const filters = fc.oneof(
  fc.dictionary(fc.constantFrom('window', 'tz', 'includeOpen', 'queue', 'channel', 'agent', 'status', 'direction'), filterValue, { maxKeys: 4 }),
  fc.dictionary(fc.constantFrom(...PROTOTYPE_NAMES, 'at', 'seq'), filterValue, { maxKeys: 2 }),
  wrongValue,
);
const subscribe = fc.record(
  {
    type: fc.oneof(fc.constant('subscribe'), fc.constantFrom('unsubscribe', 'resume'), hostileString),
    id: fc.oneof(hostileString, wrongValue),
    report: fc.oneof(fc.constantFrom(...REPORT_KINDS), hostileString, wrongValue),
    filters,
    seq: fc.oneof(fc.integer(), fc.constant(-1), fc.constant(1e308), wrongValue),
  },
  { requiredKeys: ['type'] },
);
const rawFrame = fc.oneof(
  fc.constantFrom('not json', '[]', 'null', '"subscribe"', '{"type":"subscribe","__proto__":{"x":1}}', '{"type":"subscribe","id":"d","report":"ongoing","filters":' + '{"x":'.repeat(5_000) + '1' + '}'.repeat(5_000) + '}'),
  fc.string({ maxLength: 30 }),
);
const frame = fc.oneof({ weight: 4, arbitrary: subscribe.map((m) => JSON.stringify(m)) }, { weight: 1, arbitrary: rawFrame });

describe('hostile live feed (issue #14 part 6)', () => {
  let probe: Probe;
  let url: string;
  let conversations = 0;
  beforeAll(async () => {
    probe = await openProbe();
    await ingestChecked(probe, siteEvents());
    await probe.server.app.listen({ port: 0, host: '127.0.0.1' });
    url = `ws://127.0.0.1:${(probe.server.app.server.address() as AddressInfo).port}/api/v1/live`;
  });
  afterAll(async () => {
    await probe.server.close();
    fs.rmSync(probe.server.dir, { recursive: true, force: true });
  });

  it('a message type named after Object.prototype gets an error naming type, and the connection stays usable', async () => {
    const client = await LiveClient.open(url, probe.cookie);
    for (const name of PROTOTYPE_NAMES) {
      client.send(JSON.stringify({ type: name, id: `proto-${name}`, report: 'ongoing' }));
      const error = await client.waitFor((m) => m.type === 'error' && m.id === `proto-${name}`);
      expect(error.error).toMatchObject({ field: 'type' });
    }
    client.send(JSON.stringify({ type: 'subscribe', id: 'after', report: 'ongoing', filters: { queue: 'constructor', tz: 'Europe/Amsterdam' } }));
    await client.waitFor((m) => m.type === 'snapshot' && m.id === 'after');
    client.ws.terminate();
  });

  it('no frame stops a real server process: Object.prototype names as message type', async () => {
    const dir = tempDir();
    const server = await startChild(dir, { OMNIPULSE_ADMIN_PASSWORD: 'live-admin-pass' }, ['--no-routing']);
    try {
      const login = await fetch(`${server.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'live-admin-pass' }),
      });
      const client = await LiveClient.open(`${server.url.replace(/^http/, 'ws')}/api/v1/live`, login.headers.get('set-cookie')!.split(';')[0]!);
      for (const name of PROTOTYPE_NAMES) client.send(JSON.stringify({ type: name, id: name }));
      await sleep(300);
      client.ws.terminate();
      expect(server.child.exitCode, server.output()).toBeNull();
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    } finally {
      server.child.kill('SIGKILL');
      await server.exited;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('hostile subscribe messages get errors or snapshots, and never stop the feed', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(frame, { minLength: 1, maxLength: 40 }), async (frames) => {
        const hostile = await LiveClient.open(url, probe.cookie);
        for (const text of frames) hostile.send(text);
        await sleep(30);
        for (const message of hostile.received) {
          expect(['snapshot', 'patch', 'error'], JSON.stringify(message).slice(0, 200)).toContain(message.type);
          if (message.type === 'error') expect(message.error).toEqual(expect.objectContaining({ code: expect.any(String), message: expect.any(String) }));
        }
        // The server may close a connection that misbehaves, never with an internal error (1011).
        expect(hostile.closeCode).not.toBe(1011);
        hostile.ws.terminate();

        await expectReady(probe);
        const fresh = await LiveClient.open(url, probe.cookie);
        fresh.send(JSON.stringify({ type: 'subscribe', id: 'check', report: 'ongoing', filters: {} }));
        const snapshot = await fresh.waitFor((m) => m.type === 'snapshot' && m.id === 'check');
        const http = await probe.server.app.inject({ method: 'GET', url: '/api/v1/reports/ongoing', headers: { cookie: probe.cookie } });
        expect(snapshot.data).toMatchObject(http.json());
        const id = `live-${++conversations}`;
        await ingestChecked(probe, [created(id, 'q-a', 10)]);
        await fresh.waitFor((m) => m.type === 'patch' && JSON.stringify(m).includes(`"${id}"`));
        fresh.ws.terminate();
      }),
      { numRuns: 20, endOnFailure: true },
    );
    await expectConsistent(probe);
  });
});
