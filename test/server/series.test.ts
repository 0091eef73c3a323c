/**
 * `GET /api/v1/series/conversations` (issue #10 item 4): the Summary's chart per quarter hour
 * and channel, checked against a count made here from the fixture's own events (each
 * conversation's timeline), with the reports' scope, filters and errors.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, ingest, login, openTestServer, siteEvents, T0, type TestServer, BAD_REPORT_PARAMETERS } from './helpers.ts';

const CHANNELS = ['chat', 'voice', 'email', 'sms'] as const;
const QUARTER_MS = 15 * 60_000;

interface Timeline {
  id: string;
  createdAt: number;
  channel: string;
  direction: 'inbound' | 'outbound';
  queueId: string;
  isAccepted: boolean;
  isClosed: boolean;
}

/**
 * Forty conversations over three hours, in two queues and four channels: left open, answered,
 * abandoned, answered and closed, outbound; every seventh answered one is then transferred to
 * the other queue (the filters and the scope use the current queue, SPEC §6).
 */
function fixture(): { events: Record<string, unknown>[]; timelines: Timeline[] } {
  const events: Record<string, unknown>[] = [...siteEvents()];
  const timelines: Timeline[] = [];
  for (let i = 0; i < 40; i++) {
    const id = `s${i}`;
    const seconds = 60 + i * 271;
    const queueId = i % 3 === 0 ? 'q-b' : 'q-a';
    const agentId = queueId === 'q-b' ? 'b1' : 'a1';
    const channel = CHANNELS[i % CHANNELS.length]!;
    const outcome = i % 5;
    const direction = outcome === 4 ? 'outbound' : 'inbound';
    const timeline: Timeline = { id, createdAt: T0 + seconds * 1000, channel, direction, queueId, isAccepted: false, isClosed: false };
    events.push({ id: `c-${id}`, type: 'conversation.created', at: at(seconds), conversationId: id, channel, queueId, direction, subject: `About ${id}` });
    if (outcome === 1 || outcome === 3 || outcome === 4) {
      events.push({ id: `as-${id}`, type: 'conversation.assigned', at: at(seconds + 5), conversationId: id, agentId, by: 'routing' });
      events.push({ id: `ac-${id}`, type: 'conversation.accepted', at: at(seconds + 9 + i), conversationId: id, agentId });
      timeline.isAccepted = true;
      if (i % 7 === 0) {
        const otherQueue = queueId === 'q-a' ? 'q-b' : 'q-a';
        events.push({ id: `tr-${id}`, type: 'conversation.transferred', at: at(seconds + 60), conversationId: id, toQueueId: otherQueue });
        timeline.queueId = otherQueue;
      }
    }
    if (outcome === 2 || outcome === 3) {
      events.push({ id: `cl-${id}`, type: 'conversation.closed', at: at(seconds + 120), conversationId: id, reason: outcome === 2 ? 'customer-left' : 'resolved' });
      timeline.isClosed = true;
    }
    timelines.push(timeline);
  }
  return { events, timelines };
}

type Figures = { created: number; answered: number; abandoned: number };
type Bucket = { from: string; channels: Record<string, Figures> };

/** The series counted from the timelines: every conversation in the quarter hour of its creation. */
function expectedBuckets(timelines: Timeline[], from: number, to: number, keep: (t: Timeline) => boolean): Bucket[] {
  const buckets: Bucket[] = [];
  for (let start = Math.floor((from + 1) / QUARTER_MS) * QUARTER_MS; start <= to; start += QUARTER_MS) {
    const channels: Record<string, Figures> = {};
    for (const t of timelines) {
      if (t.createdAt <= from || t.createdAt > to || t.createdAt < start || t.createdAt >= start + QUARTER_MS || !keep(t)) continue;
      const figures = (channels[t.channel] ??= { created: 0, answered: 0, abandoned: 0 });
      figures.created += 1;
      if (t.direction === 'inbound' && t.isAccepted) figures.answered += 1;
      if (t.direction === 'inbound' && t.isClosed && !t.isAccepted) figures.abandoned += 1;
    }
    buckets.push({ from: new Date(start).toISOString(), channels });
  }
  return buckets;
}

describe('GET /api/v1/series/conversations (issue #10 item 4)', () => {
  let server: TestServer;
  let timelines: Timeline[];
  const cookies: Record<string, string> = {};
  const NOW = T0 + 3 * 3_600_000 + 7_000;

  beforeAll(async () => {
    server = await openTestServer();
    const built = fixture();
    timelines = built.timelines;
    const answer = await ingest(server.app, built.events);
    expect(answer.json().rejected).toEqual([]);
    server.now.value = NOW;
    for (const name of ['admin', 'sup-a', 'sup-b', 'agent-a1']) cookies[name] = await login(server.app, name);
  });
  afterAll(async () => {
    await server.close();
    fs.rmSync(server.dir, { recursive: true, force: true });
  });
  const get = (query: string, who?: string) =>
    server.app.inject({ method: 'GET', url: `/api/v1/series/conversations${query}`, headers: who ? { cookie: cookies[who]! } : {} });

  it('counts created, answered and abandoned per quarter hour and channel, as the timelines say', async () => {
    const response = await get('', 'admin');
    expect(response.statusCode).toBe(200);
    const series = response.json();
    expect(series.bucketSeconds).toBe(900);
    expect(series.at).toBe(new Date(NOW).toISOString());
    expect(series.window).toEqual({ from: new Date(NOW - 86_400_000).toISOString(), to: new Date(NOW).toISOString() });
    // Last 24 h: 97 quarter hours (the first and the last one partly in the window).
    expect(series.buckets).toHaveLength(97);
    expect(series.buckets).toEqual(expectedBuckets(timelines, NOW - 86_400_000, NOW, () => true));
    const busy = series.buckets.filter((bucket: Bucket) => Object.keys(bucket.channels).length > 0);
    expect(busy.length).toBeGreaterThan(8);
  });

  it('adds up to the summary over the same window', async () => {
    const series = (await get('', 'admin')).json();
    const summary = (await server.app.inject({ method: 'GET', url: '/api/v1/reports/summary', headers: { cookie: cookies.admin! } })).json();
    let created = 0;
    let abandoned = 0;
    for (const bucket of series.buckets as Bucket[]) {
      for (const figures of Object.values(bucket.channels)) {
        created += figures.created;
        abandoned += figures.abandoned;
      }
    }
    expect(created).toBe(summary.kpis.ongoing + summary.kpis.closed);
    expect(abandoned).toBe(summary.kpis.abandoned);
    expect(abandoned).toBeGreaterThan(0);
  });

  it('takes the reports’ filters: channel, queue (the current one), direction, status, today in a zone', async () => {
    const from = NOW - 86_400_000;
    const cases: [string, (t: Timeline) => boolean][] = [
      ['?channel=voice', (t) => t.channel === 'voice'],
      ['?queue=q-b', (t) => t.queueId === 'q-b'],
      ['?direction=outbound', (t) => t.direction === 'outbound'],
      ['?status=closed', (t) => t.isClosed],
    ];
    for (const [query, keep] of cases) {
      const series = (await get(query, 'admin')).json();
      expect(series.buckets, query).toEqual(expectedBuckets(timelines, from, NOW, keep));
    }
    const today = (await get('?window=today&tz=Asia/Kolkata', 'admin')).json();
    const midnight = Date.parse('2026-03-02T00:00:00+05:30');
    expect(today.window.from).toBe(new Date(midnight).toISOString());
    expect(today.buckets[0].from).toBe(new Date(midnight).toISOString());
    expect(today.buckets).toEqual(expectedBuckets(timelines, midnight - 1, NOW, () => true));
  });

  it('a supervisor sees only their queues, whatever the filter asks', async () => {
    const from = NOW - 86_400_000;
    expect((await get('', 'sup-a')).json().buckets).toEqual(expectedBuckets(timelines, from, NOW, (t) => t.queueId === 'q-a'));
    expect((await get('', 'sup-b')).json().buckets).toEqual(expectedBuckets(timelines, from, NOW, (t) => t.queueId === 'q-b'));
    const outside = (await get('?queue=q-b', 'sup-a')).json();
    expect(outside.buckets.every((bucket: Bucket) => Object.keys(bucket.channels).length === 0)).toBe(true);
  });

  it('a bad parameter answers 400 naming it; agents get 403, no session 401', async () => {
    for (const [query, field] of BAD_REPORT_PARAMETERS) {
      const response = await get(`?${query}`, 'admin');
      expect(response.statusCode, query).toBe(400);
      expect(response.json().error, query).toMatchObject({ code: 'invalid', field });
    }
    expect((await get('', 'agent-a1')).statusCode).toBe(403);
    expect((await get('')).statusCode).toBe(401);
  });
});
