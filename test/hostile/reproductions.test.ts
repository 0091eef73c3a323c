/**
 * The four reproductions of issue #14, each as a test: a half-applied batch that leaves a
 * log that cannot be replayed, one deep event that breaks every later write, time running
 * backwards, and reads that show what is not durable.
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { EventStore } from '../../src/store/event-store.ts';
import { at, created, INGEST_TOKEN, siteEvents, startChild, tempDir } from '../server/helpers.ts';
import {
  expectConsistent,
  expectReady,
  ingestChecked,
  openProbe,
  type Probe,
  postRaw,
  readLog,
  restartAndCompare,
  SERVER_NOW,
  sleep,
} from './harness.ts';

const probes: Probe[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const probe of probes.splice(0)) {
    await probe.server.close();
    dirs.push(probe.server.dir);
  }
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function open(options: Parameters<typeof openProbe>[0] = {}): Promise<Probe> {
  const probe = await openProbe(options);
  probes.push(probe);
  await ingestChecked(probe, siteEvents());
  return probe;
}

describe('issue #14 reproduction 1: a batch is applied whole or not at all', () => {
  it("types named after Object.prototype are refused for that event only, the rest is logged, and a SIGKILLed server starts again", async () => {
    const dir = tempDir();
    dirs.push(dir);
    const env = { OMNIPULSE_INGEST_TOKEN: INGEST_TOKEN };
    const post = (url: string, events: unknown) =>
      fetch(`${url}/api/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${INGEST_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(events),
      });
    const types = ['toString', '__proto__', 'constructor', 'hasOwnProperty'];
    const first = await startChild(dir, env, ['--no-routing']);
    try {
      const now = new Date().toISOString();
      expect((await post(first.url, [{ id: 'q', type: 'queue.upserted', at: now, queueId: 'support', name: 'Support' }])).status).toBe(200);
      for (const type of types) {
        const batch = [
          { id: `h1-${type}`, type: 'conversation.created', at: now, conversationId: `conv-${type}`, channel: 'chat', queueId: 'support' },
          { id: `h2-${type}`, type, at: now },
        ];
        const answer = await post(first.url, batch);
        expect(answer.status, type).toBe(200);
        expect(await answer.json()).toEqual({
          accepted: 1,
          duplicates: 0,
          rejected: [{ index: 1, error: expect.objectContaining({ code: 'invalid-event', field: 'type' }) }],
        });
        // Sending h1 again is a duplicate of what is logged, and later events build on it.
        expect(await (await post(first.url, [batch[0]])).json()).toMatchObject({ accepted: 0, duplicates: 1 });
        const message = { id: `h3-${type}`, type: 'conversation.message', at: now, conversationId: `conv-${type}`, from: 'customer', text: 'hello?' };
        expect(await (await post(first.url, [message])).json()).toMatchObject({ accepted: 1, rejected: [] });
      }
      expect((await readLog(dir)).map((e) => e.event.id)).toEqual(['q', ...types.flatMap((type) => [`h1-${type}`, `h3-${type}`])]);
    } finally {
      first.child.kill('SIGKILL');
      await first.exited;
    }
    const second = await startChild(dir, env, ['--no-routing']);
    try {
      expect((await fetch(`${second.url}/readyz`)).status).toBe(200);
    } finally {
      second.child.kill('SIGKILL');
      await second.exited;
    }
  });

  it('in process: the same batch leaves memory equal to the log, and a crash-like restart works', async () => {
    const probe = await open();
    for (const type of ['toString', '__proto__']) {
      const answer = await ingestChecked(probe, [created(`half-${type}`, 'q-a'), { id: `bad-${type}`, type, at: at(2) }]);
      expect(answer).toMatchObject({ accepted: 1, rejected: [{ index: 1, error: { code: 'invalid-event', field: 'type' } }] });
    }
    await expectConsistent(probe);
    const restarted = await restartAndCompare(probe, 'crash');
    probes.splice(probes.indexOf(probe), 1, restarted);
  });
});

describe('issue #14 reproduction 2: one event cannot break later writes', () => {
  it('an extra field nested 5,000 deep is refused, changes nothing, and later writes still work', async () => {
    const probe = await open();
    const deep = '{"x":'.repeat(5_000) + '1' + '}'.repeat(5_000);
    const event = `{"id":"deep","type":"conversation.created","at":"${at(1)}","conversationId":"deep-conv","channel":"chat","queueId":"q-a","extra":${deep}}`;
    const response = await postRaw(probe, `[${event}]`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ accepted: 0, duplicates: 0, rejected: [{ index: 0, error: expect.objectContaining({ code: 'invalid-event' }) }] });
    const view = await probe.server.app.inject({ method: 'GET', url: '/api/v1/conversations/deep-conv', headers: { cookie: probe.cookie } });
    expect(view.statusCode, 'the refused event is not visible').toBe(404);

    // Every later write still works: ingest and a supervisor action.
    expect(await ingestChecked(probe, [created('after-deep', 'q-a', 2)])).toMatchObject({ accepted: 1, rejected: [] });
    const assign = await probe.server.app.inject({
      method: 'POST',
      url: '/api/v1/conversations/after-deep/assign',
      headers: { cookie: probe.cookie },
      payload: { agentId: 'a1' },
    });
    expect(assign.statusCode, assign.body).toBe(200);
    await expectReady(probe);
    await expectConsistent(probe);
  });

  it('the documented limits are per-event refusals naming the field', async () => {
    const probe = await open();
    const base = (id: string, fields: Record<string, unknown>) => ({ ...created(id, 'q-a', 3), id: `limit-${id}`, ...fields });
    const nested = (depth: number) => {
      let value: unknown = 1;
      for (let i = 0; i < depth; i++) value = { x: value };
      return value;
    };
    const answer = await ingestChecked(probe, [
      base('big', { subject: 'x'.repeat(65 * 1024) }), // over 64 KiB serialized (and a string over 32 KiB)
      base('text', { subject: 'y'.repeat(33 * 1024) }), // a string over 32 KiB
      base('depth', { extra: nested(40) }), // deeper than 32
      { ...created('c'.repeat(201), 'q-a', 3), id: 'limit-long-conversation-id' }, // an id over 200 characters
      base('ok', {}),
    ]);
    expect(answer?.accepted).toBe(1);
    const byIndex = new Map(answer!.rejected.map((r) => [r.index, r.error]));
    expect([...byIndex.keys()].sort()).toEqual([0, 1, 2, 3]);
    for (const error of byIndex.values()) expect(error.code).toBe('invalid-event');
    expect(byIndex.get(1)!.field).toBe('subject');
    expect(byIndex.get(3)!.field).toBe('conversationId');
    await expectConsistent(probe);
  });
});

describe('issue #14 reproduction 3: time does not run backwards', () => {
  it('accepted dated before created is refused naming at; no negative wait or ASA', async () => {
    const probe = await open();
    await ingestChecked(probe, [
      { ...created('late', 'q-a', 200) },
      { id: 'as-late', type: 'conversation.assigned', at: at(200), conversationId: 'late', agentId: 'a1', by: 'routing' },
    ]);
    const answer = await ingestChecked(probe, [{ id: 'acc-early', type: 'conversation.accepted', at: at(-1_000), conversationId: 'late', agentId: 'a1' }]);
    expect(answer).toEqual({ accepted: 0, duplicates: 0, rejected: [{ index: 0, error: expect.objectContaining({ field: 'at' }) }] });
    const query = `at=${encodeURIComponent(at(300))}`;
    const ongoing = await probe.server.app.inject({ method: 'GET', url: `/api/v1/reports/ongoing?${query}`, headers: { cookie: probe.cookie } });
    for (const row of ongoing.json().conversations as { waitSeconds: number | null; handleSeconds: number | null }[]) {
      expect(row.waitSeconds ?? 0).toBeGreaterThanOrEqual(0);
      expect(row.handleSeconds ?? 0).toBeGreaterThanOrEqual(0);
    }
    const summary = await probe.server.app.inject({ method: 'GET', url: `/api/v1/reports/summary?${query}`, headers: { cookie: probe.cookie } });
    const negative = JSON.stringify(summary.json()).match(/"[A-Za-z]*(?:Seconds|asa|ASA|Asa)[A-Za-z]*":-\d/g);
    expect(negative, 'no negative duration in the summary').toBeNull();
    await expectConsistent(probe);
  });

  it('dates that do not exist, years outside 1970–2999 and the far future are refused naming at', async () => {
    const probe = await open();
    const future = new Date(Math.max(Date.now(), SERVER_NOW) + 24 * 3_600_000).toISOString();
    const bad = ['2026-02-30T10:00:00Z', '2026-04-31T10:00:00Z', '0000-01-01T00:00:00Z', '9999-12-31T00:00:00Z', '1969-12-31T23:59:59Z', '3000-01-01T00:00:00Z', future];
    const answer = await ingestChecked(
      probe,
      bad.map((when, i) => ({ ...created(`when-${i}`, 'q-a'), id: `when-${i}`, at: when })),
    );
    expect(answer?.accepted).toBe(0);
    expect(answer?.rejected).toEqual(bad.map((_, index) => ({ index, error: expect.objectContaining({ code: 'invalid-event', field: 'at' }) })));
    expect((await readLog(probe.server.dir)).length).toBe(siteEvents().length);
  });
});

/** A store whose appends wait until the test opens the gate: a commit that takes a while. */
function delayedStore(store: EventStore, gate: { hold: boolean; reached: () => void; release: Promise<void> }): EventStore {
  return new Proxy(store, {
    get(target, property) {
      if (property === 'appendAfter') {
        return async (...args: Parameters<EventStore['appendAfter']>) => {
          if (gate.hold) {
            gate.reached();
            await gate.release;
          }
          return target.appendAfter(...args);
        };
      }
      const value = Reflect.get(target, property) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

describe('issue #14 reproduction 4: reads show only what is durable', () => {
  it('reports, the conversation view and the live feed do not show events whose commit is pending', async () => {
    let open_!: () => void;
    let reached!: () => void;
    const reachedStore = new Promise<void>((resolve) => (reached = resolve));
    const gate = { hold: false, reached, release: new Promise<void>((resolve) => (open_ = resolve)) };
    const probe = await open({ wrapStore: (store) => delayedStore(store, gate) });
    const { app } = probe.server;
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;

    // A live client subscribed before the slow commit.
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/v1/live`, { headers: { cookie: probe.cookie } });
    const received: Record<string, any>[] = [];
    ws.on('message', (data) => received.push(JSON.parse(data.toString())));
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    ws.send(JSON.stringify({ type: 'subscribe', id: 'before', report: 'ongoing', filters: {} }));
    await expect.poll(() => received.length).toBeGreaterThan(0);
    expect(received[0]).toMatchObject({ type: 'snapshot', id: 'before' });

    gate.hold = true;
    const pending = postRaw(probe, JSON.stringify([created('slow', 'q-a', 5)]));
    await reachedStore;
    const visible = (text: string) => text.includes('"slow"');

    // Reads made now wait for the commit (docs/decisions.md "read only what is durable"):
    // none may answer with the uncommitted conversation, nor answer before the commit.
    const query = `at=${encodeURIComponent(at(60))}`;
    let answered = 0;
    const count = <T>(promise: Promise<T>) => promise.then((value) => ((answered += 1), value));
    const ongoing = count(app.inject({ method: 'GET', url: `/api/v1/reports/ongoing?${query}`, headers: { cookie: probe.cookie } }));
    const view = count(app.inject({ method: 'GET', url: '/api/v1/conversations/slow', headers: { cookie: probe.cookie } }));
    ws.send(JSON.stringify({ type: 'subscribe', id: 'during', report: 'ongoing', filters: {} }));
    await sleep(300); // longer than the hub's coalescing: any patch would be out by now
    expect(answered, 'a read answered while the commit was pending').toBe(0);
    const during = received.splice(1);
    expect(during.filter((m) => visible(JSON.stringify(m))), 'no live snapshot or patch shows it').toEqual([]);

    gate.hold = false;
    open_();
    const response = await pending;
    expect(response.json()).toMatchObject({ accepted: 1 });
    // Answered after the commit, with it.
    expect(visible((await ongoing).body), 'committed: now it shows').toBe(true);
    expect((await view).statusCode).toBe(200);
    await expect.poll(() => received.some((m) => m.type === 'snapshot' && m.id === 'during' && visible(JSON.stringify(m)))).toBe(true);
    const after = await app.inject({ method: 'GET', url: `/api/v1/reports/ongoing?${query}`, headers: { cookie: probe.cookie } });
    expect(visible(after.body)).toBe(true);
    await expect.poll(() => received.some((m) => m.type === 'patch' && visible(JSON.stringify(m)))).toBe(true);
    ws.terminate();
    await expectConsistent(probe);
  });
});
